package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;

/** A step of an application flow: one persisted stage, or one stage per module (recorded as {@code <moduleId><suffix>}). */
public interface ApplicationStage {

    /** The stage name, or {@code <moduleId>} plus the suffix for a stage per module. */
    String name();

    Uni<Void> run(StageRunner runner, FlowContext ctx, ApplicationFlowContext app);
}
