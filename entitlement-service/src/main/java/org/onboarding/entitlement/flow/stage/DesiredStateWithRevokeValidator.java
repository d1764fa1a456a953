package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Desired state: every planned revoke is of an entitled application. */
@Singleton
public class DesiredStateWithRevokeValidator extends NamedStage implements Stage {

    public static final String NAME = "DesiredStateWithRevokeValidator";

    private final RequestValidators validators;

    public DesiredStateWithRevokeValidator(RequestValidators validators) {
        super(NAME);
        this.validators = validators;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.existingEntitlements(ctx.tenantId(), ctx.plan.revoke());
    }
}
