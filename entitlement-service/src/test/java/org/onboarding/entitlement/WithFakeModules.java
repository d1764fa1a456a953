package org.onboarding.entitlement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A test class whose tests entitle applications: one set of {@link FakeModules} for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WithFakeModules {

    protected FakeModules modules;

    @BeforeAll
    protected void startModules() throws Exception {
        modules = new FakeModules();
    }

    @AfterAll
    protected void stopModules() {
        modules.close();
    }

    /** The body of entitle, revoke, upgrade and validate requests. */
    protected static Map<String, Object> body(UUID tenantId, List<String> applications) {
        return Map.of("tenantId", tenantId, "applications", applications);
    }
}
