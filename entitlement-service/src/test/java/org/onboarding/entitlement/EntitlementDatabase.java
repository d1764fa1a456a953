package org.onboarding.entitlement;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.onboarding.testsupport.PostgresTestResource;

/** Every test of this module runs against a real PostgreSQL database named {@code entitlement}. */
@QuarkusTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "entitlement"))
public final class EntitlementDatabase {
    private EntitlementDatabase() {
    }
}
