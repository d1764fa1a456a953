package org.onboarding.ziti.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes and reads identities in the Flyway-created table of a real PostgreSQL. */
@QuarkusTest
class IdentityRepositoryTest {

    @Inject
    IdentityRepository identities;

    @Test
    void persistedIdentityIsReadBackByIdAndExternalId() throws Throwable {
        Identity identity = newIdentity("laptop-" + UUID.randomUUID());
        identity.externalId = "ext-" + identity.id;
        identity.isAdmin = true;

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> identities.persist(identity)));

        Identity byId = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> identities.findById(identity.id)));
        assertNotNull(byId);
        assertEquals(identity.name, byId.name);
        assertTrue(byId.isAdmin);
        assertEquals("default", byId.authPolicyId);
        assertEquals(identity.createdAt, byId.createdAt);

        Identity byExternalId = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> identities.findByExternalId(identity.externalId)));
        assertEquals(identity.id, byExternalId.id);
    }

    @Test
    void duplicateNameIsRefusedByTheUniqueIndex() throws Throwable {
        String name = "dup-" + UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> identities.persist(newIdentity(name))));

        Throwable failure = assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> identities.persist(newIdentity(name)))));
        assertInstanceOf(ConstraintViolationException.class, rootOrSelf(failure, ConstraintViolationException.class));

        long count = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> identities.count("name", name)));
        assertEquals(1, count);
    }

    private static Identity newIdentity(String name) {
        Identity identity = new Identity();
        identity.id = UUID.randomUUID().toString();
        identity.name = name;
        identity.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        identity.updatedAt = identity.createdAt;
        return identity;
    }

    private static Throwable rootOrSelf(Throwable failure, Class<?> wanted) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (wanted.isInstance(t)) {
                return t;
            }
        }
        return failure;
    }
}
