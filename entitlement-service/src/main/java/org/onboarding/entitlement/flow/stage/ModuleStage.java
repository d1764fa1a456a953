package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.ModuleTenantClient;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The kind of stage recorded once per module, as {@code <moduleId><suffix>}: module levels one after the other,
 * the modules of a level concurrently.
 */
@RequiredArgsConstructor
public abstract class ModuleStage implements ApplicationStage {

    protected final EntitlementStore entitlements;
    protected final ModuleTenantClient moduleClient;
    private final String suffix;

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

    /**
     * Enables the module for the tenant through its tenant API, unless the tenant already has it (from another
     * application) or the module has no tenant API, then records it under this application. Emits whether the record
     * is new.
     */
    protected Uni<Boolean> enable(FlowContext ctx, ApplicationFlowContext app, String moduleId, StageContext st) {
        UUID tenantId = ctx.tenantId();
        return entitlements.moduleEnabledForTenant(tenantId, moduleId)
                .chain(enabled -> enabled || app.tenantInterface(moduleId).isEmpty() ? Uni.createFrom().voidItem()
                        : moduleClient.postTenant(app.locations().get(moduleId), ctx.tenantName, ctx.request.token(),
                        moduleClient.installBody(moduleId, ctx.request.tenantParameters()), st))
                .chain(() -> entitlements.recordModule(tenantId, moduleId, app.descriptor().id()));
    }

    /**
     * Forgets the module for this application; when no other application of the tenant uses it, the tenant API is
     * told as upstream tells it ({@link ModuleTenantClient#uninstall}).
     */
    protected Uni<Void> disable(FlowContext ctx, String moduleId, String applicationId, String location,
                                Optional<ApplicationDescriptor.Interface> tenantApi, boolean purge, StageContext st) {
        UUID tenantId = ctx.tenantId();
        return entitlements.forgetModule(tenantId, moduleId, applicationId)
                .chain(() -> entitlements.moduleEnabledForTenant(tenantId, moduleId))
                .chain(stillUsed -> stillUsed || tenantApi.isEmpty() ? Uni.createFrom().voidItem()
                        : moduleClient.uninstall(location, ctx.tenantName, ctx.request.token(), moduleId, tenantApi.get(),
                        purge, st));
    }
}
