package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.panache.common.Sort;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class WinPolicyAssignmentRepository implements PanacheRepositoryBase<WinPolicyAssignment, String> {

    public Uni<List<WinPolicyAssignment>> findByTokens(Collection<String> tokenIds) {
        return tokenIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("tokenId in ?1", Sort.by("tokenId").and("position"), tokenIds);
    }

    public Uni<Long> deleteByToken(String tokenId) {
        return delete("tokenId = ?1", tokenId);
    }
}
