package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** The last flow of each requested application allows this flow type (none running, no finished twin). */
@Singleton
@RequiredArgsConstructor
public class ApplicationFlowValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.priorFlows(ctx.tenantId(), ctx.request.applications(), ctx.request.type(),
                FlowContext.ENTITLEMENT_REQUEST_ERRORS);
    }
}
