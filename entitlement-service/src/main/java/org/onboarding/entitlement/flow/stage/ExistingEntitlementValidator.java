package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Revoke: every requested application is entitled for the tenant. */
@Singleton
public class ExistingEntitlementValidator extends NamedStage implements Stage {

    public static final String NAME = "ExistingEntitlementValidator";

    private final RequestValidators validators;

    public ExistingEntitlementValidator(RequestValidators validators) {
        super(NAME);
        this.validators = validators;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.existingEntitlements(ctx.tenantId(), ctx.request.applications());
    }
}
