package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Desired state: every planned revoke is of an entitled application. */
@Singleton
@RequiredArgsConstructor
public class DesiredStateWithRevokeValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.existingEntitlements(ctx.tenantId(), ctx.plan.revoke());
    }
}
