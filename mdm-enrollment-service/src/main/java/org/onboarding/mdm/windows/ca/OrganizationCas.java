package org.onboarding.mdm.windows.ca;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.organization.Organization;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Each organisation's MDM CA, generated on first use. Two first enrollments racing both generate a key, one
 * {@code INSERT ... ON CONFLICT DO NOTHING} wins, and both then use the stored one.
 */
@ApplicationScoped
public class OrganizationCas {

    /** A CA ready to sign. */
    public record Ca(X509Certificate certificate, PrivateKey privateKey) {
    }

    private final MdmCertificates certificates;
    private final KeySealer sealer;
    private final Vertx vertx;
    private final Clock clock;

    public OrganizationCas(MdmCertificates certificates, KeySealer sealer, Vertx vertx, Clock clock) {
        this.certificates = certificates;
        this.sealer = sealer;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** The organisation's CA, created if needed. Runs its own sessions: call it outside any transaction. */
    public Uni<Ca> ensure(Organization org) {
        return Panache.withSession(() -> WinMdmCa.<WinMdmCa>findById(org.id)).flatMap(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
            // the key generation takes a moment: a worker thread, then back on this request's context
            return vertx.executeBlocking(Uni.createFrom().item(() -> certificates.generateCa(org.name, org.id, now)))
                    .flatMap(generated -> Panache.withTransaction(() -> Panache.getSession().flatMap(session ->
                            session.createNativeQuery("insert into win_mdm_ca (organization_id, certificate, key_id, "
                                            + "sealed_key, created_at) values (?1, ?2, ?3, ?4, ?5) "
                                            + "on conflict (organization_id) do nothing")
                                    .setParameter(1, org.id)
                                    .setParameter(2, MdmCertificates.pem(generated.certificate()))
                                    .setParameter(3, sealer.keyId())
                                    .setParameter(4, sealer.seal(generated.privateKey().getEncoded(), org.id))
                                    .setParameter(5, now)
                                    .executeUpdate())))
                    .flatMap(inserted -> Panache.withSession(() -> WinMdmCa.<WinMdmCa>findById(org.id)));
        }).map(this::open);
    }

    /** The stored CA certificate only (the management endpoint's chain check); null if none was generated. */
    public Uni<X509Certificate> certificate(String organizationId) {
        return WinMdmCa.<WinMdmCa>findById(organizationId)
                .map(ca -> ca == null ? null : MdmCertificates.parseCertificate(ca.certificate));
    }

    private Ca open(WinMdmCa stored) {
        return new Ca(MdmCertificates.parseCertificate(stored.certificate),
                MdmCertificates.privateKey(sealer.open(stored.sealedKey, stored.keyId, stored.organizationId)));
    }
}
