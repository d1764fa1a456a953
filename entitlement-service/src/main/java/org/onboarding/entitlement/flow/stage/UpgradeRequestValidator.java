package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Upgrade: each requested application replaces a strictly lower entitled version of the same name. */
@Singleton
public class UpgradeRequestValidator extends NamedStage implements Stage {

    public static final String NAME = "UpgradeRequestValidator";

    private final RequestValidators validators;

    public UpgradeRequestValidator(RequestValidators validators) {
        super(NAME);
        this.validators = validators;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.upgradeRequest(ctx.tenantId(), ctx.request.applications())
                .invoke(pairs -> ctx.upgradePairs = pairs).replaceWithVoid();
    }
}
