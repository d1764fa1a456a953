package org.onboarding.ziti;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.onboarding.testsupport.PostgresTestResource;

/** Every test of this module runs against a real PostgreSQL database named {@code ziti}. */
@QuarkusTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "ziti"))
public final class ZitiDatabase {
    private ZitiDatabase() {
    }
}
