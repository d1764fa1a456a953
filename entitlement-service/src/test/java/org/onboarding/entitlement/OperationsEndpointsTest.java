package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import org.onboarding.testsupport.OperationsEndpointsContract;

/** Health (with the reactive PostgreSQL check), OpenAPI and metrics answer without a token. */
@QuarkusTest
class OperationsEndpointsTest extends OperationsEndpointsContract {

    OperationsEndpointsTest() {
        super(REACTIVE_POSTGRESQL_CHECK);
    }
}
