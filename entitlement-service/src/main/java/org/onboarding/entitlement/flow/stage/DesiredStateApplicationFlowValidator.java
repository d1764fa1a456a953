package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.RequestValidators;

import java.util.ArrayList;
import java.util.UUID;

/** Desired state: the prior flows allow each planned entitle, upgrade and revoke. */
@Singleton
@RequiredArgsConstructor
public class DesiredStateApplicationFlowValidator extends NamedStage implements Stage {

    private final RequestValidators validators;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        UUID tenantId = ctx.tenantId();
        String message = FlowContext.DESIRED_STATE_ERRORS;
        return validators.priorFlows(tenantId, ctx.plan.entitle(), "ENTITLE", message)
                .chain(() -> validators.priorFlows(tenantId, new ArrayList<>(ctx.plan.upgrade().keySet()), "UPGRADE", message))
                .chain(() -> validators.priorFlows(tenantId, ctx.plan.revoke(), "REVOKE", message));
    }
}
