package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

/** The last flow of each requested application allows this flow type (none running, no finished twin). */
@Singleton
public class ApplicationFlowValidator extends NamedStage implements Stage {

    public static final String NAME = "ApplicationFlowValidator";

    private final RequestValidators validators;

    public ApplicationFlowValidator(RequestValidators validators) {
        super(NAME);
        this.validators = validators;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return validators.priorFlows(ctx.tenantId(), ctx.request.applications(), ctx.request.type(),
                FlowContext.ENTITLEMENT_REQUEST_ERRORS);
    }
}
