package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.flow.StageContext;

/**
 * The end of an application flow that did not finish: failed, cancelled or cancellation_failed. An application
 * flow that never started ({@code status} null, {@code SkippedApplicationFlowFinalizer}) is removed while still
 * queued instead. Instances come from {@code FlowFactory}.
 */
public record ApplicationFlowFinalizer(String name, String status, FlowStore flows) implements SingleApplicationStage {

    public static final String FAILED = "FailedApplicationFlowFinalizer";
    public static final String CANCELLED = "CancelledApplicationFlowFinalizer";
    public static final String CANCELLATION_FAILED = "CancellationFailedApplicationFlowFinalizer";
    public static final String SKIPPED = "SkippedApplicationFlowFinalizer";

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return status == null ? flows.deleteQueuedApplicationFlow(app.id()) : flows.finishApplicationFlow(app.id(), status);
    }
}
