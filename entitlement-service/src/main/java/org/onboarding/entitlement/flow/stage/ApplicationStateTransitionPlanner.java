package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;

/** Desired state: which applications to entitle, upgrade and revoke, from what the tenant has now. */
@Singleton
@RequiredArgsConstructor
public class ApplicationStateTransitionPlanner extends NamedStage implements Stage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return entitlements.applicationIds(ctx.tenantId()).invoke(entitled -> {
            ctx.plan = org.onboarding.entitlement.flow.ApplicationStateTransitionPlanner.plan(ctx.request.applications(), entitled);
            ctx.upgradePairs = ctx.plan.upgrade();
        }).replaceWithVoid();
    }
}
