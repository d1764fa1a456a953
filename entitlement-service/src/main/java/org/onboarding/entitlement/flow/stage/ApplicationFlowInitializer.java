package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.flow.StageContext;

/** Queued → in_progress, only while the flow still runs (a timed-out synchronous flow starts nothing more). */
@Singleton
@RequiredArgsConstructor
public class ApplicationFlowInitializer extends NamedStage implements SingleApplicationStage {

    private final FlowStore flows;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return flows.startApplicationFlow(app.id()).invoke(started -> {
            if (!started) {
                throw new IllegalStateException("Application flow cannot be started: the flow is no longer running");
            }
            ctx.startedAppFlows.add(app.id());
        }).replaceWithVoid();
    }
}
