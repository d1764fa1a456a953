package org.onboarding.entitlement.flow.stage;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Typed;
import org.onboarding.entitlement.flow.FlowStore;

/** The desired-state flow's queuing: the same job under its own stage name. */
@Singleton
@Typed(DesiredStateApplicationFlowQueuingStage.class)   // not a second ApplicationFlowQueuingStage bean
public class DesiredStateApplicationFlowQueuingStage extends ApplicationFlowQueuingStage {

    public DesiredStateApplicationFlowQueuingStage(FlowStore flows) {
        super(flows);
    }
}
