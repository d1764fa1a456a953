package org.onboarding.mdm.mdmuser;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.enrollment.TokenState;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Finders see live (not deleted) users only, except {@link #findByIds}, which dead tokens use. */
@ApplicationScoped
public class MdmUserRepository implements PanacheRepositoryBase<MdmUser, String> {

    public Uni<MdmUser> findInOrganization(String organizationId, String id) {
        return findInOrganization(organizationId, id, LockModeType.NONE);
    }

    public Uni<MdmUser> findInOrganization(String organizationId, String id, LockModeType lock) {
        return find("organizationId = ?1 and id = ?2 and deletedAt is null", organizationId, id.toLowerCase())
                .withLock(lock).firstResult();
    }

    public Uni<MdmUser> findByEmail(String organizationId, String email) {
        return find("organizationId = ?1 and lower(email) = lower(?2) and deletedAt is null", organizationId, email)
                .firstResult();
    }

    public Uni<List<MdmUser>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /**
     * Inserts the employee unless a live one with that e-mail exists (unique index, so concurrent callers cannot
     * create twins). Returns whether a row was inserted.
     */
    public Uni<Boolean> insertIfAbsent(String organizationId, String email, String name, String tags, String language,
                                       String metadata, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into mdm_user (id, organization_id, email, name, tags, language, metadata, created_at,"
                                + " updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
                                + " on conflict (organization_id, lower(email)) where deleted_at is null do nothing")
                .setParameter(1, ObjectIds.next())
                .setParameter(2, organizationId)
                .setParameter(3, email)
                .setParameter(4, name)
                .setParameter(5, tags)
                .setParameter(6, language)
                .setParameter(7, metadata)
                .setParameter(8, now)
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    public Uni<MdmUser> findOrCreate(String organizationId, String email, Instant now) {
        return insertIfAbsent(organizationId, email, null, "[]", null, "{}", now)
                .flatMap(inserted -> findByEmail(organizationId, email));
    }

    /** Live (PENDING, unexpired) enrollment tokens issued to the user. */
    public Uni<Long> countLiveTokens(String userId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select count(t) from WinEnrollmentToken t where t.mdmUserId = :user and t.state = :pending"
                                + " and t.expireAt >= :now", Long.class)
                .setParameter("user", userId)
                .setParameter("pending", TokenState.PENDING)
                .setParameter("now", now)
                .getSingleResult());
    }
}
