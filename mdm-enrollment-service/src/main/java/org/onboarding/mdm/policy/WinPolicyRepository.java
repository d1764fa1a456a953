package org.onboarding.mdm.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class WinPolicyRepository implements PanacheRepositoryBase<WinPolicy, String> {

    public Uni<WinPolicy> findLive(String organizationId, String id, LockModeType lock) {
        return find("organizationId = ?1 and id = ?2 and deletedAt is null", organizationId, id.toLowerCase())
                .withLock(lock).firstResult();
    }

    /**
     * The live policies among {@code ids}, locked {@code FOR SHARE}: a concurrent delete (which locks the policy
     * {@code FOR UPDATE}) waits for the token that is being assigned to it, and then sees it.
     */
    public Uni<List<WinPolicy>> lockLiveForAssignment(String organizationId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("organizationId = ?1 and id in ?2 and deletedAt is null", organizationId, ids)
                .withLock(LockModeType.PESSIMISTIC_READ).list();
    }

    /** Deleted ones included: a dead token may still point at a policy deleted since. */
    public Uni<List<WinPolicy>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }
}
