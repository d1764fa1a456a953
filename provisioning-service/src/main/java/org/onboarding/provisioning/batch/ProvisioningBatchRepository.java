package org.onboarding.provisioning.batch;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ProvisioningBatchRepository implements PanacheRepositoryBase<ProvisioningBatch, UUID> {

    public Uni<ProvisioningBatch> findBySourceIdentityBatch(UUID sourceIdentityBatchId) {
        return find("sourceIdentityBatchId", sourceIdentityBatchId).firstResult();
    }

    /** Newest first, FastAPI-style skip/limit. */
    public Uni<List<ProvisioningBatch>> page(int skip, int limit) {
        return findAll(Sort.descending("createdAt").and("id")).range(skip, skip + limit - 1).list();
    }
}
