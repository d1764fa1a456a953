package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;

/**
 * A stage of a flow, recorded under the flow's id with its {@link #name()}. Stage beans are stateless {@code @Singleton}s
 * (no client proxy, so one stage may extend another); what a flow carries lives in its {@link FlowContext}.
 */
public interface Stage {

    String name();

    Uni<Void> execute(FlowContext ctx);

    /** Runs the stage as one persisted stage row; {@code false} ends the flow quietly (see {@link FlowInitializer}). */
    default Uni<Boolean> run(StageRunner runner, FlowContext ctx) {
        return runner.run(ctx.flowId(), name(), st -> execute(ctx)).replaceWith(true);
    }
}
