package org.onboarding.mdm.windows.ca;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.organization.Organization;
import org.onboarding.mdm.persistence.Stored;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each organisation's MDM CA, generated on first use. First enrollments racing share one key generation in this
 * process; across processes each generates one, a single {@code INSERT ... ON CONFLICT DO NOTHING} wins, and all
 * then use the stored one.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class OrganizationCas {

    /** A CA ready to sign. */
    public record Ca(X509Certificate certificate, PrivateKey privateKey) {
    }

    private final Map<String, Uni<MdmCertificates.GeneratedCa>> generating = new ConcurrentHashMap<>();
    private final MdmCertificates certificates;
    private final KeySealer sealer;
    private final Clock clock;

    /** The organisation's CA, created if needed. Runs its own sessions: call it outside any transaction. */
    public Uni<Ca> ensure(Organization org) {
        return Panache.withSession(() -> WinMdmCa.<WinMdmCa>findById(org.id)).flatMap(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            Instant now = Stored.now(clock);
            return generated(org, now)
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

    /**
     * One key generation per organisation at a time in this process (it takes a moment, on a worker thread); every
     * waiting request resumes on its own Vert.x context, where its database session lives.
     */
    private Uni<MdmCertificates.GeneratedCa> generated(Organization org, Instant now) {
        Context context = Vertx.currentContext();
        Uni<MdmCertificates.GeneratedCa> shared = generating.computeIfAbsent(org.id, id -> Uni.createFrom()
                .item(() -> certificates.generateCa(org.name, org.id, now))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onTermination().invoke(() -> generating.remove(id))
                .memoize().indefinitely());
        return context == null ? shared : shared.emitOn(task -> context.runOnContext(ignored -> task.run()));
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
