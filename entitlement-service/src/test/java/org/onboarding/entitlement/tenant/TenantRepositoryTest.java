package org.onboarding.entitlement.tenant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writes and reads tenants in the Flyway-created table of a real PostgreSQL. */
@QuarkusTest
class TenantRepositoryTest {

    @Inject
    TenantRepository tenants;

    @Test
    void tenantIsFoundByExactName() throws Throwable {
        Tenant tenant = newTenant("diku" + System.nanoTime());
        tenant.description = "Demo tenant";
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> tenants.persist(tenant)));

        Tenant found = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> tenants.findByName(tenant.name)));
        assertEquals(tenant.id, found.id);
        assertEquals("Demo tenant", found.description);
        assertNull(VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> tenants.findByName(tenant.name.toUpperCase()))));
    }

    @Test
    void tenantNamesAreUnique() throws Throwable {
        String name = "t" + System.nanoTime();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> tenants.persist(newTenant(name))));
        assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> tenants.persist(newTenant(name)))));
        long count = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> tenants.count("name", name)));
        assertEquals(1, count);
    }

    private static Tenant newTenant(String name) {
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.name = name;
        tenant.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tenant.updatedAt = tenant.createdAt;
        return tenant;
    }
}
