package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Desired state: every planned upgrade goes to a strictly higher version. */
@Singleton
public class DesiredStateWithUpgradeValidator extends NamedStage implements Stage {

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return Uni.createFrom().voidItem().invoke(() -> RequestValidators.strictlyHigher(ctx.plan.upgrade()));
    }
}
