package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.flow.FlowStore;

/**
 * The last stage of a flow: it records the final status. A flow that did not finish also drops the application
 * flows that were queued but never started. Instances come from {@code FlowFactory}.
 */
public record FlowFinalizer(String name, String status, FlowStore flows) implements Stage {

    public static final String FINISHED = "FinishedFlowFinalizer";
    public static final String FAILED = "FailedFlowFinalizer";
    public static final String CANCELLED = "CancelledFlowFinalizer";
    public static final String CANCELLATION_FAILED = "CancellationFailedFlowFinalizer";

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        Uni<Void> dropQueued = "FINISHED".equals(status) ? Uni.createFrom().voidItem()
                : flows.deleteQueuedApplicationFlows(ctx.flowId());
        return dropQueued.chain(() -> flows.finishFlow(ctx.flowId(), status));
    }
}
