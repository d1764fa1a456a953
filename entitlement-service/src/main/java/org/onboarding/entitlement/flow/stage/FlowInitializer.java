package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.flow.FlowStore;

/**
 * Creates the flow row ({@code in_progress}), as upstream's stage does. The row is written before the stage is
 * recorded: when a synchronous request's timeout got there first (and recorded the flow as failed), nothing runs.
 */
@Singleton
@RequiredArgsConstructor
public class FlowInitializer extends NamedStage implements Stage {

    private static final Logger LOG = Logger.getLogger(FlowInitializer.class);

    private final FlowStore flows;

    /** Inserts the flow row; false when the row exists already (a synchronous request's timeout came first). */
    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return create(ctx).replaceWithVoid();
    }

    /** The stage is recorded only once the flow row exists: a flow that never started has no stages. */
    @Override
    public Uni<Boolean> run(StageRunner runner, FlowContext ctx) {
        return create(ctx).flatMap(inserted -> inserted
                ? runner.run(ctx.flowId(), name(), st -> Uni.createFrom().voidItem()).replaceWith(true)
                : Uni.createFrom().item(false));
    }

    private Uni<Boolean> create(FlowContext ctx) {
        return flows.insertFlow(ctx.flowId(), ctx.tenantId(), ctx.request.type()).invoke(inserted -> {
            if (!inserted) {
                LOG.infof("Flow %s timed out before it started: not run", ctx.flowId());
            }
        });
    }
}
