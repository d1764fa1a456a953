package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Upgrade: each requested application replaces a strictly lower entitled version of the same name. */
@Singleton
public class UpgradeRequestValidator implements Stage {

    public static final String NAME = "UpgradeRequestValidator";

    private final RequestValidators validators;

    public UpgradeRequestValidator(RequestValidators validators) {
        this.validators = validators;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.upgradeRequest(ctx.tenantId(), ctx.request.applications())
                .invoke(pairs -> ctx.upgradePairs = pairs).replaceWithVoid();
    }
}
