package org.onboarding.mdm.organization;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes and reads organisations in the Flyway-created table of a real PostgreSQL. */
@QuarkusTest
class OrganizationRepositoryTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    OrganizationRepository organizations;

    @Test
    void organisationIsFoundByIdAndBySlugCaseInsensitively() throws Throwable {
        Organization org = newOrganization("acme-" + RANDOM.nextInt(1_000_000));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> organizations.persist(org)));

        Organization byId = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> organizations.findByIdOrSlug(org.id.toUpperCase())));
        assertNotNull(byId);
        assertEquals(org.slug, byId.slug);

        Organization bySlug = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> organizations.findByIdOrSlug(org.slug.toUpperCase())));
        assertEquals(org.id, bySlug.id);

        assertNull(VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> organizations.findByIdOrSlug("no-such-org"))));
    }

    @Test
    void slugIsUniqueIgnoringCase() throws Throwable {
        String slug = "dup-" + RANDOM.nextInt(1_000_000);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> organizations.persist(newOrganization(slug))));

        assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> organizations.persist(newOrganization(slug.toUpperCase())))));
        long count = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> organizations.count("lower(slug) = ?1", slug)));
        assertEquals(1, count);
    }

    @Test
    void malformedIdIsRejectedByTheDatabase() {
        Organization org = newOrganization("bad-id-" + RANDOM.nextInt(1_000_000));
        org.id = "zzzzzzzzzzzzzzzzzzzzzzzz";
        Throwable failure = assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> organizations.persist(org))));
        // refused by the CHECK constraint itself, not by some other failure (e.g. a lost connection)
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("organization_id_check"), messages.toString());
    }

    private static Organization newOrganization(String slug) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        Organization org = new Organization();
        org.id = HexFormat.of().formatHex(id);
        org.slug = slug;
        org.name = "Organisation " + slug;
        org.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        org.updatedAt = org.createdAt;
        return org;
    }
}
