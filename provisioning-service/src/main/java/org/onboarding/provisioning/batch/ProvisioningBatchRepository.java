package org.onboarding.provisioning.batch;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Batches in SQL (reactive PostgreSQL client) mapped to {@link BatchView}, like the items: the statements whose
 * atomicity matters (insert-if-absent on the unique source id, the run lease taken by a conditional update) need it,
 * and the plain reads use the same style. Values are always bound parameters.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ProvisioningBatchRepository {

    private static final String SELECT = "SELECT " + BatchView.COLUMNS + " FROM provisioning_batch ";

    private final Pool pool;

    /**
     * Inserts the batch unless one exists for the same source identity batch; the unique index decides, so two
     * concurrent creations yield one batch. Returns the new id, or null when the batch already existed.
     */
    public Uni<UUID> insertIfAbsent(SqlClient client, UUID sourceIdentityBatchId, String createdBy,
                                    List<String> targets, String mdmOrganization, String establishment) {
        return client.preparedQuery("INSERT INTO provisioning_batch (id, source_identity_batch_id, created_by, created_at, "
                        + "targets, mdm_organization, establishment) VALUES ($1, $2, $3, now(), $4, $5, $6) "
                        + "ON CONFLICT (source_identity_batch_id) DO NOTHING RETURNING id")
                .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(sourceIdentityBatchId).addString(createdBy)
                        .addArrayOfString(targets.toArray(String[]::new)).addString(mdmOrganization)
                        .addString(establishment))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null);
    }

    public Uni<BatchView> view(UUID id) {
        return pool.preparedQuery(SELECT + "WHERE id = $1").execute(Tuple.of(id)).map(ProvisioningBatchRepository::first);
    }

    public Uni<BatchView> viewBySource(SqlClient client, UUID sourceIdentityBatchId) {
        return client.preparedQuery(SELECT + "WHERE source_identity_batch_id = $1")
                .execute(Tuple.of(sourceIdentityBatchId)).map(ProvisioningBatchRepository::first);
    }

    // along provisioning_batch_created_at_idx (created_at DESC, id): a page reads its rows (and the skipped ones)
    static final String PAGE = SELECT + "ORDER BY created_at DESC, id OFFSET $1::int LIMIT $2::int";

    /** Newest first, FastAPI-style skip/limit. */
    public Uni<List<BatchView>> views(int skip, int limit) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(skip, limit))
                .map(rows -> {
                    List<BatchView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(BatchView.from(row)));
                    return views;
                });
    }

    /**
     * Takes the batch for a run: only if no run is active, or the active one stopped renewing its lease (crashed).
     * Returns false when another run holds the batch.
     */
    public Uni<Boolean> startRun(UUID id, UUID runId, int leaseSeconds) {
        return pool.preparedQuery("UPDATE provisioning_batch SET status = 'RUNNING', run_id = $2, "
                        + "run_lease_until = now() + ($3::int * interval '1 second'), started_at = now(), finished_at = NULL "
                        + "WHERE id = $1 AND (status <> 'RUNNING' OR run_lease_until IS NULL OR run_lease_until < now())")
                .execute(Tuple.of(id, runId, leaseSeconds)).map(rows -> rows.rowCount() == 1);
    }

    /** Extends the run's lease; false when the run lost the batch (its lease expired and another run took it). */
    public Uni<Boolean> renewRun(UUID id, UUID runId, int leaseSeconds) {
        return pool.preparedQuery("UPDATE provisioning_batch SET run_lease_until = now() + ($3::int * interval '1 second') "
                        + "WHERE id = $1 AND run_id = $2 AND status = 'RUNNING'")
                .execute(Tuple.of(id, runId, leaseSeconds)).map(rows -> rows.rowCount() == 1);
    }

    /** Batches whose run stopped renewing its lease (its process died): a run of each should take over. */
    public Uni<List<UUID>> abandonedRuns(int limit) {
        return pool.preparedQuery("SELECT id FROM provisioning_batch WHERE status = 'RUNNING' AND run_lease_until < now() "
                        + "ORDER BY run_lease_until LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    /** Ends the run with COMPLETED (all items done), FAILED (none done) or PARTIAL, from the items' state. */
    public Uni<String> finishRun(UUID id, UUID runId) {
        return pool.preparedQuery("UPDATE provisioning_batch b SET status = CASE "
                        + "WHEN s.unfinished = 0 THEN 'COMPLETED' WHEN s.done = 0 THEN 'FAILED' ELSE 'PARTIAL' END, "
                        + "finished_at = now(), run_lease_until = NULL "
                        + "FROM (SELECT count(*) FILTER (WHERE completed_at IS NOT NULL) AS done, "
                        + "count(*) FILTER (WHERE completed_at IS NULL) AS unfinished "
                        + "FROM provisioning_item WHERE provisioning_batch_id = $1) s "
                        + "WHERE b.id = $1 AND b.run_id = $2 AND b.status = 'RUNNING' RETURNING b.status")
                .execute(Tuple.of(id, runId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("status") : null);
    }

    private static BatchView first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? BatchView.from(it.next()) : null;
    }
}
