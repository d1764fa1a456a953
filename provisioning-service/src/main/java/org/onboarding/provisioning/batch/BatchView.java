package org.onboarding.provisioning.batch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vertx.mutiny.sqlclient.Row;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The contract's {@code ProvisioningBatch} ({@code id, source_identity_batch_id, created_by, created_at}) plus the
 * additive {@code status}, per-status {@code counts}, {@code started_at} and {@code finished_at}.
 */
@Schema(name = "ProvisioningBatch", requiredProperties = {"id", "source_identity_batch_id", "created_by", "created_at",
        "status", "counts", "started_at", "finished_at", "targets", "mdm_organization", "establishment"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"id", "source_identity_batch_id", "created_by", "created_at", "status", "counts", "started_at",
        "finished_at", "targets", "mdm_organization", "establishment"})
public record BatchView(UUID id, UUID sourceIdentityBatchId, String createdBy, OffsetDateTime createdAt, String status,
                        Map<String, Long> counts, @Schema(nullable = true) OffsetDateTime startedAt,
                        @Schema(nullable = true) OffsetDateTime finishedAt,
                        List<String> targets,
                        @Schema(nullable = true) String mdmOrganization,
                        @Schema(nullable = true, description = "The creator's X-Etab header") String establishment) {

    static final String COLUMNS = "id, source_identity_batch_id, created_by, created_at, status, started_at, finished_at, "
            + "targets, mdm_organization, establishment";

    static BatchView from(Row row) {
        return new BatchView(row.getUUID("id"), row.getUUID("source_identity_batch_id"), row.getString("created_by"),
                row.getOffsetDateTime("created_at"), row.getString("status"), Map.of(),
                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"),
                List.of(row.getArrayOfStrings("targets")), row.getString("mdm_organization"),
                row.getString("establishment"));
    }

    BatchView withCounts(Map<String, Long> counts) {
        return new BatchView(id, sourceIdentityBatchId, createdBy, createdAt, status,
                counts == null ? Map.of() : new TreeMap<>(counts), startedAt, finishedAt, targets, mdmOrganization,
                establishment);
    }

    public boolean targets(String target) {
        return targets.contains(target);
    }
}
