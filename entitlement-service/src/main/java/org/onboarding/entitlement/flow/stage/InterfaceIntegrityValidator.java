package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** Every required interface is provided: entitle checks the loaded tree, upgrade the new versions, state the desired set. */
@Singleton
@RequiredArgsConstructor
public class InterfaceIntegrityValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        String type = ctx.request.type();
        return validators.interfaceIntegrity(type, ctx.tenantId(), switch (type) {
            case "UPGRADE" -> ctx.upgrades;
            case "STATE" -> ctx.desired;
            default -> ctx.descriptors;
        });
    }
}
