package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Revoke: no entitled application of the tenant still depends on this one. */
@Singleton
@RequiredArgsConstructor
public class RevokeRequestDependencyValidator extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.entitledDependents(ctx.tenantId(), app.descriptor().name()).invoke(dependents -> {
            if (!dependents.isEmpty()) {
                throw ApiException.requestValidation("The following applications must be uninstalled first: " + dependents, null);
            }
        }).replaceWithVoid();
    }
}
