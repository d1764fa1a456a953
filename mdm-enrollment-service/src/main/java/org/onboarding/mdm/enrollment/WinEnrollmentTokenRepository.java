package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;

@ApplicationScoped
public class WinEnrollmentTokenRepository implements PanacheRepositoryBase<WinEnrollmentToken, String> {

    public Uni<WinEnrollmentToken> findInOrganization(String organizationId, String id, LockModeType lock) {
        return find("organizationId = ?1 and id = ?2", organizationId, id.toLowerCase()).withLock(lock).firstResult();
    }

    /** The token an earlier creation with this {@code Idempotency-Key} made in the organisation, or null. */
    public Uni<WinEnrollmentToken> findByIdempotencyKey(String organizationId, String key) {
        return find("organizationId = ?1 and idempotencyKey = ?2", organizationId, key).firstResult();
    }

    /** Live = PENDING and not yet past expireAt; what the plan quota counts. */
    public Uni<Long> countLive(String organizationId, Instant now) {
        return count("organizationId = ?1 and state = ?2 and expireAt >= ?3", organizationId, TokenState.PENDING, now);
    }

    public Uni<Long> countLiveUsing(String policyId, Instant now) {
        return count("from WinEnrollmentToken t where t.state = ?1 and t.expireAt >= ?2 and (t.winPolicyId = ?3 or "
                + "exists (select 1 from WinPolicyAssignment a where a.tokenId = t.id and a.winPolicyId = ?3))",
                TokenState.PENDING, now, policyId);
    }

    /** The sweep: stores EXPIRED for every PENDING token past its expiry, in one statement. */
    public Uni<Integer> expirePendingBefore(Instant now) {
        return Panache.getSession().flatMap(session -> session.createMutationQuery(
                        "update WinEnrollmentToken set state = :expired, updatedAt = :now "
                                + "where state = :pending and expireAt < :now")
                .setParameter("expired", TokenState.EXPIRED)
                .setParameter("pending", TokenState.PENDING)
                .setParameter("now", now)
                .executeUpdate());
    }

    // ---- Windows enrollment protocol ----

    /** The live token holding this code (the partial unique index makes it at most one). */
    public Uni<WinEnrollmentToken> findLiveByCode(String code, Instant now) {
        return find("enrollCode = ?1 and state = ?2 and expireAt >= ?3", code, TokenState.PENDING, now).firstResult();
    }

    /** The newest live token of an employee with this e-mail, in any organisation (discovery's only clue). */
    public Uni<WinEnrollmentToken> findNewestLiveForEmail(String email, Instant now) {
        return find("select t from WinEnrollmentToken t, MdmUser u where u.id = t.mdmUserId and lower(u.email) = ?1 "
                + "and t.state = ?2 and t.expireAt >= ?3 order by t.createdAt desc",
                email.toLowerCase(java.util.Locale.ROOT), TokenState.PENDING, now).firstResult();
    }

    /**
     * PENDING -> DONE with the device, only if still PENDING and unexpired: of concurrent enrollments with one code
     * exactly one sees 1, the others wait for its row lock and then see 0.
     */
    public Uni<Integer> markEnrolled(String tokenId, String deviceId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createMutationQuery(
                        "update WinEnrollmentToken set state = :done, winDeviceId = :device, updatedAt = :now "
                                + "where id = :id and state = :pending and expireAt >= :now")
                .setParameter("done", TokenState.DONE)
                .setParameter("device", deviceId)
                .setParameter("now", now)
                .setParameter("id", tokenId)
                .setParameter("pending", TokenState.PENDING)
                .executeUpdate());
    }
}
