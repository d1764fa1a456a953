package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.Graphs;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Revoke: one {@code <moduleId>-folioModuleUninstaller} stage per module, levels in reverse order. The module is
 * forgotten for this application; when no other application of the tenant uses it, the tenant API is told as
 * upstream tells it ({@link ModuleTenantClient#uninstall}).
 */
@Singleton
public class FolioModuleUninstaller extends ModuleStage {

    public static final String SUFFIX = "-folioModuleUninstaller";

    public FolioModuleUninstaller(EntitlementStore entitlements, ModuleTenantClient moduleClient) {
        super(entitlements, moduleClient, SUFFIX);
    }

    @Override
    public Uni<Void> run(StageRunner runner, FlowContext ctx, ApplicationFlowContext app) {
        List<List<String>> levels = new ArrayList<>(Graphs.moduleLevels(app.descriptor()));
        Collections.reverse(levels);
        return perModule(runner, app, levels, (moduleId, st) -> uninstall(ctx, app, moduleId, st));
    }

    private Uni<Void> uninstall(FlowContext ctx, ApplicationFlowContext app, String moduleId, StageContext st) {
        return disable(ctx, moduleId, app.descriptor().id(), app.locations().get(moduleId), app.tenantInterface(moduleId),
                ctx.request.purge(), st);
    }
}
