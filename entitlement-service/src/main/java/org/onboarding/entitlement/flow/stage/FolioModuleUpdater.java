package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.Graphs;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.Semver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Upgrade: one {@code <moduleId>-folioModuleUpdater} stage per module of the new version, level by level, modules
 * paired by name with the entitled version: an unchanged module is re-recorded under the new application, a new or
 * changed one enabled through the tenant API ({@code module_to} only). Modules the new version drops are forgotten
 * last, in reverse level order, each under its own updater stage.
 */
@Singleton
public class FolioModuleUpdater extends ModuleStage {

    public static final String SUFFIX = "-folioModuleUpdater";

    public FolioModuleUpdater(EntitlementStore entitlements, ModuleTenantClient moduleClient) {
        super(entitlements, moduleClient, SUFFIX);
    }

    @Override
    public Uni<Void> run(StageRunner runner, FlowContext ctx, ApplicationFlowContext app) {
        ApplicationDescriptor d = app.descriptor();
        ApplicationDescriptor old = app.previous();
        Map<String, String> oldByName = new HashMap<>();
        old.modules().forEach(m -> oldByName.put(moduleName(m), m.id()));
        // dropped modules one at a time: one level each
        List<List<String>> droppedOneByOne = dropped(d, old).stream().map(List::of).toList();
        return perModule(runner, app, Graphs.moduleLevels(d),
                (moduleId, st) -> update(ctx, app, moduleId, oldByName.get(moduleName(d, moduleId)), st))
                .chain(() -> perModule(runner, app, droppedOneByOne,
                        (oldId, st) -> entitlements.forgetModule(ctx.tenantId(), oldId, old.id())));
    }

    /** Modules of the entitled version whose name the new version lacks, in reverse level order. */
    static List<String> dropped(ApplicationDescriptor d, ApplicationDescriptor old) {
        Set<String> newNames = new HashSet<>();
        d.modules().forEach(m -> newNames.add(moduleName(m)));
        List<String> dropped = new ArrayList<>();
        List<List<String>> oldLevels = new ArrayList<>(Graphs.moduleLevels(old));
        Collections.reverse(oldLevels);
        for (List<String> level : oldLevels) {
            for (int i = level.size() - 1; i >= 0; i--) {
                String oldId = level.get(i);
                if (old.modules().stream().filter(m -> m.id().equals(oldId)).noneMatch(m -> newNames.contains(moduleName(m)))) {
                    dropped.add(oldId);
                }
            }
        }
        return dropped;
    }

    /** {@code oldId} is null when the module is new. */
    private Uni<Void> update(FlowContext ctx, ApplicationFlowContext app, String moduleId, String oldId, StageContext st) {
        UUID tenantId = ctx.tenantId();
        String applicationId = app.descriptor().id();
        String oldApplicationId = app.previous().id();
        if (moduleId.equals(oldId)) {
            return entitlements.recordModule(tenantId, moduleId, applicationId)
                    .chain(() -> entitlements.forgetModule(tenantId, moduleId, oldApplicationId));
        }
        return enable(ctx, app, moduleId, st)
                .chain(() -> oldId == null ? Uni.createFrom().voidItem() : entitlements.forgetModule(tenantId, oldId, oldApplicationId));
    }

    private static String moduleName(ApplicationDescriptor.ModuleRef m) {
        return m.name() != null ? m.name() : Semver.parseId(m.id()).name();
    }

    private static String moduleName(ApplicationDescriptor d, String moduleId) {
        return d.modules().stream().filter(m -> m.id().equals(moduleId)).findFirst().map(FolioModuleUpdater::moduleName)
                .orElseGet(() -> Semver.parseId(moduleId).name());
    }
}
