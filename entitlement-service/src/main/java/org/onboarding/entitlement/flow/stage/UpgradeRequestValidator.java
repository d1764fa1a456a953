package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Upgrade: each requested application replaces a strictly lower entitled version of the same name. */
@Singleton
@RequiredArgsConstructor
public class UpgradeRequestValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.upgradeRequest(ctx.tenantId(), ctx.request.applications())
                .invoke(pairs -> ctx.upgradePairs = pairs).replaceWithVoid();
    }
}
