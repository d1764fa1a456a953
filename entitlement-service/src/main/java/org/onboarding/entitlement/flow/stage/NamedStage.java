package org.onboarding.entitlement.flow.stage;

/** The name a stage is recorded under, given once by the stage's constructor. */
abstract class NamedStage {

    private final String name;

    protected NamedStage(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
