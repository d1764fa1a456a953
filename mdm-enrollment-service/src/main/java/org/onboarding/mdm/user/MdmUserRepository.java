package org.onboarding.mdm.user;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ObjectIds;

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

    /** What keeps a user from being deleted. */
    public enum DeleteBlocker { ENROLLED_DEVICE, LIVE_TOKEN, NONE }

    /**
     * Whether the user has an enrolled Windows device or a live (PENDING, unexpired) token, in one statement: one
     * snapshot sees an enrollment either wholly (token DONE and device ENROLLED) or not at all (token PENDING), so a
     * concurrent enrollment can never fall between two separate checks.
     */
    public Uni<DeleteBlocker> deleteBlocker(String userId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select case"
                                + " when exists (select 1 from win_device d where d.mdm_user_id = ?1"
                                + " and d.state = 'ENROLLED') then 'ENROLLED_DEVICE'"
                                + " when exists (select 1 from win_enrollment_token t where t.mdm_user_id = ?1"
                                + " and t.state = 'PENDING' and t.expire_at >= ?2) then 'LIVE_TOKEN'"
                                + " else 'NONE' end", String.class)
                .setParameter(1, userId)
                .setParameter(2, now)
                .getSingleResult())
                .map(DeleteBlocker::valueOf);
    }
}
