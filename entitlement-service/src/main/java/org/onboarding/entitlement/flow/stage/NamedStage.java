package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;

/** The name a stage is recorded under, given once by the stage's constructor. */
@RequiredArgsConstructor
abstract class NamedStage {

    private final String name;

    public String name() {
        return name;
    }
}
