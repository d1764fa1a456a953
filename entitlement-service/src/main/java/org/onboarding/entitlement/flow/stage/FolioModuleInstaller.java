package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.Graphs;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.Optional;

/**
 * Entitle: one {@code <moduleId>-folioModuleInstaller} stage per module, module level by level (a level's modules
 * concurrently). The tenant API is called unless the tenant already has the module; on rollback the module is
 * forgotten for this application and, unless another application uses it, taken away with {@code purgeOnRollback}.
 */
@Singleton
public class FolioModuleInstaller extends ModuleStage {

    public static final String SUFFIX = "-folioModuleInstaller";

    public FolioModuleInstaller(EntitlementStore entitlements, ModuleTenantClient moduleClient) {
        super(entitlements, moduleClient, SUFFIX);
    }

    @Override
    public Uni<Void> run(StageRunner runner, FlowContext ctx, ApplicationFlowContext app) {
        return perModule(runner, app, Graphs.moduleLevels(app.descriptor()), (moduleId, st) -> install(ctx, app, moduleId, st));
    }

    private Uni<Void> install(FlowContext ctx, ApplicationFlowContext app, String moduleId, StageContext st) {
        String applicationId = app.descriptor().id();
        String location = app.locations().get(moduleId);
        Optional<ApplicationDescriptor.Interface> tenantApi = app.tenantInterface(moduleId);
        return enable(ctx, app, moduleId, st)
                .invoke(recorded -> {
                    if (recorded) {
                        ctx.rollbacks.push(new FlowContext.Rollback(app.id(), moduleId + SUFFIX, app.id(),
                                () -> disable(ctx, moduleId, applicationId, location, tenantApi,
                                        ctx.request.purgeOnRollback(), new StageContext())));
                    }
                })
                .replaceWithVoid();
    }
}
