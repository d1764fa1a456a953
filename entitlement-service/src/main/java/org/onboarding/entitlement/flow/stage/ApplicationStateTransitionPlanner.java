package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;

/** Desired state: which applications to entitle, upgrade and revoke, from what the tenant has now. */
@Singleton
public class ApplicationStateTransitionPlanner extends NamedStage implements Stage {

    public static final String NAME = "ApplicationStateTransitionPlanner";

    private final EntitlementStore entitlements;

    public ApplicationStateTransitionPlanner(EntitlementStore entitlements) {
        super(NAME);
        this.entitlements = entitlements;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return entitlements.applicationIds(ctx.tenantId()).invoke(entitled -> {
            ctx.plan = org.onboarding.entitlement.flow.ApplicationStateTransitionPlanner.plan(ctx.request.applications(), entitled);
            ctx.upgradePairs = ctx.plan.upgrade();
        }).replaceWithVoid();
    }
}
