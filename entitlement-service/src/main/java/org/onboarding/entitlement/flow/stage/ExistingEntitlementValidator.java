package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Revoke: every requested application is entitled for the tenant. */
@Singleton
@RequiredArgsConstructor
public class ExistingEntitlementValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.existingEntitlements(ctx.tenantId(), ctx.request.applications());
    }
}
