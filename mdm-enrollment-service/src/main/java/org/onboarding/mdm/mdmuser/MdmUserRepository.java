package org.onboarding.mdm.mdmuser;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.api.ObjectIds;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class MdmUserRepository implements PanacheRepositoryBase<MdmUser, String> {

    public Uni<MdmUser> findInOrganization(String organizationId, String id) {
        return find("organizationId = ?1 and id = ?2", organizationId, id.toLowerCase()).firstResult();
    }

    public Uni<MdmUser> findByEmail(String organizationId, String email) {
        return find("organizationId = ?1 and lower(email) = lower(?2)", organizationId, email).firstResult();
    }

    public Uni<List<MdmUser>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /**
     * Inserts the employee unless one with that e-mail exists (unique index, so concurrent callers cannot create
     * twins). Returns whether a row was inserted.
     */
    public Uni<Boolean> insertIfAbsent(String organizationId, String email, String displayName, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into mdm_user (id, organization_id, email, display_name, created_at, updated_at) "
                                + "values (?1, ?2, ?3, ?4, ?5, ?5) on conflict (organization_id, lower(email)) do nothing")
                .setParameter(1, ObjectIds.next())
                .setParameter(2, organizationId)
                .setParameter(3, email)
                .setParameter(4, displayName)
                .setParameter(5, now)
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    public Uni<MdmUser> findOrCreate(String organizationId, String email, Instant now) {
        return insertIfAbsent(organizationId, email, null, now).flatMap(inserted -> findByEmail(organizationId, email));
    }
}
