package org.onboarding.mdm.enrollment;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;

@ApplicationScoped
@RequiredArgsConstructor
public class WinEnrollmentTokenRepository implements PanacheRepositoryBase<WinEnrollmentToken, String> {

    private final Pool pool;

    public Uni<WinEnrollmentToken> findInOrganization(String organizationId, String id, LockModeType lock) {
        return find("organizationId = ?1 and id = ?2", organizationId, id.toLowerCase()).withLock(lock).firstResult();
    }

    /** The token an earlier creation with this {@code Idempotency-Key} made in the organisation, or null. */
    public Uni<WinEnrollmentToken> findByIdempotencyKey(String organizationId, String key) {
        return find("organizationId = ?1 and idempotencyKey = ?2", organizationId, key).firstResult();
    }

    /** What the database decided about a new token (Flyway V26, {@code win_enrollment_token_create_admit}). */
    public enum Verdict { OK, REPLAY, ORG_UNKNOWN, PLAN, NO_ENTERPRISE, USER_GONE, POLICY_GONE, QUOTA }

    /**
     * The verdict, with what the statement found: the organisation's id (unless {@code ORG_UNKNOWN}), its Windows
     * enterprise, and for {@code OK} the employee's e-mail and name.
     */
    public record Admission(Verdict verdict, String organizationId, String winEnterpriseId, String userEmail,
                            String userName) {
    }

    /**
     * A whole token creation in one statement run on its own (autocommit, so it commits as it ends):
     * {@code win_enrollment_token_create_admit} resolves the organisation of the path ({@code organizationId} for a
     * 24-hex id, else {@code slug}) for a caller who sees {@code visible} ({@code *} = all), then takes the
     * organisation row lock and, seeing everything committed before it was granted, checks the idempotency key, the
     * employee, the policies (locked FOR SHARE) and the quota (the organisation's counter of PENDING tokens, README
     * "Quota"); the token and its assignments are inserted only if it answers OK. The lock is held from there to the
     * commit of this statement, with no round trip to us in between. The token's organisation and enterprise are
     * taken from the verdict; {@code token.organizationId} and {@code token.winEnterpriseId} are not read.
     * <p>
     * Native SQL (a data-modifying CTE, which HQL cannot say) through the reactive SQL client rather than the
     * Hibernate session: Hibernate Reactive caches the plan of a native select under a key that never matches the
     * next execution, so every call added an entry to its plan cache and searched the colliding ones (README "Quota").
     * Must run outside a Hibernate session, so that a request never holds two pool connections.
     * {@code assigned} and {@code policyIds} are JSON text.
     */
    public Uni<Admission> insertAdmitted(String organizationId, String slug, Set<String> visible,
                                         WinEnrollmentToken token, String assigned, String policyIds, Instant now) {
        return pool.preparedQuery(ADMITTED_INSERT).execute(Tuple.from(Arrays.asList(organizationId, slug,
                        visible.toArray(String[]::new), token.mdmUserId, utc(now), token.idempotencyKey, policyIds,
                        token.id, token.displayName, token.tags, token.state.name(), token.config, token.type,
                        token.subType, token.enrollmentLink, token.enrollCode, token.winPolicyId, token.sendEmail,
                        token.emailText, token.language, token.segmentId, utc(token.createdAt), utc(token.updatedAt),
                        utc(token.expireAt), assigned)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Admission(Verdict.valueOf(row.getString(0)), row.getString(1), row.getString(2),
                            row.getString(3), row.getString(4));
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    // the jsonb parameters are cast from text: the client would send a String bound to jsonb as a JSON string
    private static final String ADMITTED_INSERT = "with admission as (select * from win_enrollment_token_create_admit("
            + "cast($1 as varchar), cast($2 as varchar), cast($3 as varchar[]), $4, cast($5 as timestamptz),"
            + " cast($6 as varchar), cast(cast($7 as text) as jsonb))),"
            + " token as (insert into win_enrollment_token (organization_id, mdm_user_id, idempotency_key, id,"
            + " win_enterprise_id, display_name, tags, state, config, type, sub_type, enrollment_link, enroll_code,"
            + " win_policy_id, send_email, email_text, language, segment_id, created_at, updated_at, expire_at)"
            + " select a.org_id, $4, cast($6 as varchar), $8, a.enterprise_id, cast($9 as varchar), $10, $11, $12,"
            + " $13, $14, $15, $16, cast($17 as varchar), cast($18 as boolean), cast($19 as text),"
            + " cast($20 as varchar), cast($21 as integer), cast($22 as timestamptz), cast($23 as timestamptz),"
            + " cast($24 as timestamptz) from admission a where a.verdict = 'OK' returning id),"
            + " assignment as (insert into win_policy_assignment (id, token_id, win_policy_id, priority, position)"
            + " select a.id, token.id, a.win_policy_id, a.priority, a.position from token,"
            + " jsonb_to_recordset(cast(cast($25 as text) as jsonb)) as a(id varchar, win_policy_id varchar,"
            + " priority integer, position integer))"
            + " select verdict, org_id, enterprise_id, user_email, user_name from admission";

    /** Live tokens of the organisation from its counter; exact for a caller holding the organisation row lock. */
    public Uni<Long> countLiveLocked(String organizationId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select win_enrollment_token_live(?1, cast(?2 as timestamptz))", Long.class)
                .setParameter(1, organizationId)
                .setParameter(2, now)
                .getSingleResult());
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
