package org.onboarding.provisioning.batch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A provisioning batch, derived from one validated identity batch. */
@Entity
@Table(name = "provisioning_batch")
public class ProvisioningBatch extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "source_identity_batch_id", nullable = false)
    public UUID sourceIdentityBatchId;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A {@link BatchStatus} name, an addition to the contract (README, "Statuses"). */
    @Column(name = "status", nullable = false, length = 16)
    public String status = BatchStatus.CREATED.name();

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
