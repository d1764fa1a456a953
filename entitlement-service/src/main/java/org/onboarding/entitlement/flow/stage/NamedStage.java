package org.onboarding.entitlement.flow.stage;

/**
 * A stage is recorded under its class's simple name, as upstream's flow engine records its stages, so the name is
 * defined once, by the class. A stage that repeats another's job under its own name is a subclass of it.
 * Stage beans carry no interceptors, so {@code getClass()} is the stage class itself and not a generated subclass.
 */
abstract class NamedStage {

    public String name() {
        return getClass().getSimpleName();
    }
}
