package org.onboarding.entitlement;

import io.restassured.response.Response;
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

    /** A tenant registered for one test. */
    protected record TestTenant(String name, UUID id) {
        /** An entitle request (or validate) for these applications as an admin: {@code POST path}. */
        public Response post(List<String> applications, String path) {
            return Api.admin().body(body(id, applications)).post(path);
        }

        /** A revoke request: {@code DELETE path}. */
        public Response delete(List<String> applications, String path) {
            return Api.admin().body(body(id, applications)).delete(path);
        }

        /** An upgrade request: {@code PUT path}. */
        public Response put(List<String> applications, String path) {
            return Api.admin().body(body(id, applications)).put(path);
        }
    }

    /** Registers a tenant with a name no other test has used. */
    protected static TestTenant newTenant(String prefix) {
        String name = Api.unique(prefix);
        return new TestTenant(name, Api.tenant(name));
    }

    /** Registers application {@code name-version} without dependencies, with these backend modules on {@link #modules}. */
    protected String app(String name, String version, String... moduleIds) {
        return Api.application(name, version, List.of(), modules, moduleIds);
    }

    /** The body of entitle, revoke, upgrade and validate requests. */
    protected static Map<String, Object> body(UUID tenantId, List<String> applications) {
        return Map.of("tenantId", tenantId, "applications", applications);
    }
}
