package org.onboarding.provisioning;

import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module provisions into the fake Edge Management API of {@link FakeZitiResource}. */
@QuarkusTestResource(FakeZitiResource.class)
public final class FakeZitiTarget {
    private FakeZitiTarget() {
    }
}
