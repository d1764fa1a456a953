package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The kind of stage recorded once per module, as {@code <moduleId><suffix>}: module levels one after the other,
 * the modules of a level concurrently.
 */
public abstract class ModuleStage implements ApplicationStage {

    protected final EntitlementStore entitlements;
    protected final ModuleTenantClient moduleClient;
    private final String suffix;

    protected ModuleStage(EntitlementStore entitlements, ModuleTenantClient moduleClient, String suffix) {
        this.entitlements = entitlements;
        this.moduleClient = moduleClient;
        this.suffix = suffix;
    }

    @Override
    public String name() {
        return "<moduleId>" + suffix;
    }

    /** One stage per module of each level; {@code body} gets the module id and the stage's retry record. */
    protected Uni<Void> perModule(StageRunner runner, ApplicationFlowContext app, List<List<String>> levels,
                                  BiFunction<String, StageContext, Uni<Void>> body) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<String> level : levels) {
            chain = chain.chain(() -> StageRunner.parallel(level.stream()
                    .map(moduleId -> runner.run(app.id(), moduleId + suffix, st -> body.apply(moduleId, st))).toList()));
        }
        return chain;
    }
}
