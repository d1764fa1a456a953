package org.onboarding.mdm;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.onboarding.testsupport.PostgresTestResource;

/** Every test of this module runs against a real PostgreSQL database named {@code mdm}. */
@QuarkusTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "mdm"))
public final class MdmDatabase {
    private MdmDatabase() {
    }
}
