package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.flow.StageContext;

/** An application-flow stage recorded once under the application flow's id with its {@link #name()}. */
public interface SingleApplicationStage extends ApplicationStage {

    Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st);

    @Override
    default Uni<Void> run(StageRunner runner, FlowContext ctx, ApplicationFlowContext app) {
        return runner.run(app.id(), name(), st -> execute(ctx, app, st));
    }
}
