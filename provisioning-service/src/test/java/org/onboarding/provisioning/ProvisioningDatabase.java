package org.onboarding.provisioning;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.onboarding.testsupport.PostgresTestResource;

/** Every test of this module runs against a real PostgreSQL database named {@code provisioning}. */
@QuarkusTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "provisioning"))
public final class ProvisioningDatabase {
    private ProvisioningDatabase() {
    }
}
