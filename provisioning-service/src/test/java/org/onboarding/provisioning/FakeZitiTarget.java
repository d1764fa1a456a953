package org.onboarding.provisioning;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test of this module provisions into the fake Edge Management API of {@link FakeZitiResource} and the fake
 * MDM API and token endpoint of {@link FakeMdmResource}.
 */
@QuarkusTestResource(FakeZitiResource.class)
@QuarkusTestResource(FakeMdmResource.class)
public final class FakeZitiTarget {
    private FakeZitiTarget() {
    }
}
