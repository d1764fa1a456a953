package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ErrorResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Persistence of flows, application flows and stages. Status changes that must respect the
 * state machine are conditional UPDATEs, so a terminal row is never moved back by a late writer.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class FlowStore {

    private static final String ACTIVE = "('QUEUED', 'IN_PROGRESS')";

    /** Error type a stage gets when its flow was lost with the instance running it. */
    public static final String LOST_FLOW_ERROR = "FlowInterruptedException";

    private final Pool pool;
    private final FlowLeaseConfig lease;

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** False when the row exists already: a synchronous request timed out before the flow started (see README, Contract notes, Retries and timeouts). */
    public Uni<Boolean> insertFlow(UUID flowId, UUID tenantId, String type) {
        OffsetDateTime at = now();
        return pool.preparedQuery("INSERT INTO flow (flow_id, tenant_id, type, status, started_at, owner, lease_until) "
                        + "VALUES ($1, $2, $3, 'IN_PROGRESS', $4, $5, $6) ON CONFLICT (flow_id) DO NOTHING")
                .execute(Tuple.tuple(List.of(flowId, tenantId, type, at, lease.instance(), at.plus(lease.lease()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** This instance's heartbeat: extends the lease of every flow it runs; returns how many. */
    public Uni<Integer> renewLeases() {
        return pool.preparedQuery("UPDATE flow SET lease_until = $2 WHERE owner = $1 AND status IN " + ACTIVE)
                .execute(Tuple.of(lease.instance(), now().plus(lease.lease()))).map(rows -> rows.rowCount());
    }

    /**
     * Fails every flow whose lease lapsed (the instance running it died or lost the database for longer than the
     * lease), with its unfinished application flows and its in-progress stages, which say why. One conditional UPDATE
     * claims each lost flow, so of several instances sweeping at once exactly one fails it. A failed flow lets the same
     * request be sent again (see README, Contract notes, Prior-flow rules). Returns the ids of the flows failed.
     */
    public Uni<List<UUID>> failLostFlows() {
        OffsetDateTime at = now();
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE flow SET status = 'FAILED', finished_at = $1 "
                        + "WHERE status IN " + ACTIVE + " AND lease_until < $1 RETURNING flow_id, owner, lease_until")
                .execute(Tuple.of(at))
                .chain(lost -> {
                    List<UUID> ids = new ArrayList<>();
                    lost.forEach(r -> ids.add(r.getUUID(0)));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(ids);
                    }
                    UUID[] idArray = ids.toArray(new UUID[0]);
                    String message = "The instance running this flow stopped before it ended (its lease lapsed); "
                            + "the flow was failed so that the request can be sent again";
                    return conn.preparedQuery("UPDATE application_flow SET status = 'FAILED', finished_at = $2 "
                                    + "WHERE flow_id = ANY($1) AND status IN " + ACTIVE).execute(Tuple.of(idArray, at))
                            .chain(() -> conn.preparedQuery("UPDATE flow_stage SET status = 'FAILED', finished_at = $2, "
                                    + "error_type = $3, error_message = $4 WHERE status = 'IN_PROGRESS' AND (flow_id = ANY($1) "
                                    + "OR flow_id IN (SELECT application_flow_id FROM application_flow WHERE flow_id = ANY($1)))")
                                    .execute(Tuple.of(idArray, at, LOST_FLOW_ERROR, message)))
                            .replaceWith(ids);
                }));
    }

    /**
     * Sync-request timeout (see README, Contract notes, Retries and timeouts): the flow (inserted {@code failed} if it never started), its unfinished
     * application flows and in-progress stages become {@code failed}; returns the flow's status afterwards, which
     * is {@code FINISHED} (or another terminal status) when the flow ended at the same instant.
     */
    public Uni<String> failOnTimeout(UUID flowId, UUID tenantId, String type) {
        OffsetDateTime at = now();
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO flow (flow_id, tenant_id, type, status, started_at, finished_at) "
                        + "VALUES ($1, $2, $3, 'FAILED', $4, $4) ON CONFLICT (flow_id) DO UPDATE SET status = 'FAILED', finished_at = $4 "
                        + "WHERE flow.status IN " + ACTIVE)
                .execute(Tuple.of(flowId, tenantId, type, at))
                .chain(() -> conn.preparedQuery("UPDATE application_flow SET status = 'FAILED', finished_at = $2 WHERE flow_id = $1 "
                        + "AND status IN " + ACTIVE).execute(Tuple.of(flowId, at)))
                .chain(() -> conn.preparedQuery("UPDATE flow_stage SET status = 'FAILED', finished_at = $2 WHERE status = 'IN_PROGRESS' "
                        + "AND (flow_id = $1 OR flow_id IN (SELECT application_flow_id FROM application_flow WHERE flow_id = $1))")
                        .execute(Tuple.of(flowId, at)))
                .chain(() -> conn.preparedQuery("SELECT status FROM flow WHERE flow_id = $1").execute(Tuple.of(flowId)))
                .map(rows -> rows.iterator().next().getString(0)));
    }

    /** finished/failed only from a non-terminal status; cancelled/cancellation_failed may overwrite anything. */
    public Uni<Void> finishFlow(UUID flowId, String status) {
        String guard = status.startsWith("CANCEL") ? "" : " AND status IN " + ACTIVE;
        return pool.preparedQuery("UPDATE flow SET status = $2, finished_at = $3 WHERE flow_id = $1" + guard)
                .execute(Tuple.of(flowId, status, now())).replaceWithVoid();
    }

    /**
     * Queues an application flow. With {@code entitledId} (revoke: the id itself; upgrade: the id being replaced)
     * the row is only inserted while that entitlement exists; the entitlement row is locked, so a concurrent
     * finalizer that removes it is waited for and then seen: false instead of a second revoke/upgrade.
     */
    public Uni<Boolean> insertApplicationFlow(UUID id, UUID flowId, UUID tenantId, String applicationId, String name,
                                              String version, String type, String entitledId) {
        String guard = entitledId == null ? ""
                : " WHERE EXISTS (SELECT 1 FROM entitlement WHERE tenant_id = $3 AND application_id = $9 FOR UPDATE)";
        List<Object> params = new ArrayList<>(List.of(id, flowId, tenantId, applicationId, name, version, type, now()));
        if (entitledId != null) {
            params.add(entitledId);
        }
        return pool.preparedQuery("INSERT INTO application_flow (application_flow_id, flow_id, tenant_id, application_id, "
                        + "application_name, application_version, type, status, started_at) "
                        + "SELECT $1, $2, $3, $4, $5, $6, $7, 'QUEUED', $8" + guard)
                .execute(Tuple.tuple(params)).map(rows -> rows.rowCount() == 1);
    }

    /** queued → in_progress, only while the parent flow is still running; false if the app flow may not start. */
    public Uni<Boolean> startApplicationFlow(UUID id) {
        return pool.preparedQuery("UPDATE application_flow af SET status = 'IN_PROGRESS', started_at = $2 WHERE application_flow_id = $1 "
                        + "AND status = 'QUEUED' AND EXISTS (SELECT 1 FROM flow f WHERE f.flow_id = af.flow_id AND f.status IN " + ACTIVE + ")")
                .execute(Tuple.of(id, now())).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> finishApplicationFlow(UUID id, String status) {
        String guard = status.startsWith("CANCEL") ? "" : " AND status IN " + ACTIVE;
        return pool.preparedQuery("UPDATE application_flow SET status = $2, finished_at = $3 WHERE application_flow_id = $1" + guard)
                .execute(Tuple.of(id, status, now())).replaceWithVoid();
    }

    /** {@code SkippedApplicationFlowFinalizer}: an application flow that never started is removed while still queued. */
    public Uni<Void> deleteQueuedApplicationFlow(UUID applicationFlowId) {
        return pool.preparedQuery("DELETE FROM application_flow WHERE application_flow_id = $1 AND status = 'QUEUED'")
                .execute(Tuple.of(applicationFlowId)).replaceWithVoid();
    }

    public Uni<Void> deleteQueuedApplicationFlows(UUID flowId) {
        return pool.preparedQuery("DELETE FROM application_flow WHERE flow_id = $1 AND status = 'QUEUED'")
                .execute(Tuple.of(flowId)).replaceWithVoid();
    }

    public Uni<Void> startStage(UUID ownerId, String name) {
        return pool.preparedQuery("INSERT INTO flow_stage (flow_id, stage, status, started_at) VALUES ($1, $2, 'IN_PROGRESS', $3)")
                .execute(Tuple.of(ownerId, name, now())).replaceWithVoid();
    }

    public Uni<Void> endStage(UUID ownerId, String name, String status, String errorType, String errorMessage,
                              int retriesCount, String retriesInfo) {
        return pool.preparedQuery("UPDATE flow_stage SET status = $3, error_type = $4, error_message = $5, finished_at = $6, "
                        + "retries_count = $7, retries_info = $8 WHERE flow_id = $1 AND stage = $2")
                .execute(Tuple.tuple(java.util.Arrays.asList(ownerId, name, status, errorType, errorMessage, now(), retriesCount, retriesInfo)))
                .replaceWithVoid();
    }

    /** Rollback outcome of a finished stage: cancelled, or cancellation_failed with the rollback's error. */
    public Uni<Void> markStage(UUID ownerId, String name, String status, String errorType, String errorMessage) {
        return pool.preparedQuery("UPDATE flow_stage SET status = $3, error_type = COALESCE($4, error_type), "
                        + "error_message = COALESCE($5, error_message), finished_at = $6 WHERE flow_id = $1 AND stage = $2")
                .execute(Tuple.tuple(java.util.Arrays.asList(ownerId, name, status, errorType, errorMessage, now())))
                .replaceWithVoid();
    }

    /** Error parameters of a failed flow: every stage of it and its application flows with an error, by finish time. */
    public Uni<List<ErrorResponse.Parameter>> stageErrors(UUID flowId) {
        return pool.preparedQuery("SELECT s.stage, s.status, s.error_type, s.error_message FROM flow_stage s "
                        + "WHERE s.error_type IS NOT NULL AND (s.flow_id = $1 OR s.flow_id IN "
                        + "(SELECT application_flow_id FROM application_flow WHERE flow_id = $1)) ORDER BY s.finished_at, s.stage")
                .execute(Tuple.of(flowId))
                .map(rows -> {
                    List<ErrorResponse.Parameter> params = new ArrayList<>();
                    for (Row r : rows) {
                        params.add(new ErrorResponse.Parameter(r.getString(0),
                                r.getString(1) + ": [" + r.getString(2) + "] " + r.getString(3)));
                    }
                    return params;
                });
    }

    /**
     * "Last" is the greatest {@code finished_at} (see README, Contract notes, Prior-flow rules); a flow still queued or running has none and counts as
     * the latest (NULLS FIRST), ties broken by the later start.
     */
    private static final String LAST_FIRST = "finished_at DESC NULLS FIRST, started_at DESC";

    /** The last application flow per application name of a tenant (see README, Contract notes, Prior-flow rules). */
    public record LastFlow(String applicationId, String name, String type, String status) {
    }

    /** The last application flow per exact application id of a tenant (revoke). */
    public Uni<List<LastFlow>> lastFlowsById(UUID tenantId, List<String> ids) {
        return pool.preparedQuery("SELECT DISTINCT ON (application_id) application_id, application_name, type, status "
                        + "FROM application_flow WHERE tenant_id = $1 AND application_id = ANY($2) "
                        + "ORDER BY application_id, " + LAST_FIRST)
                .execute(Tuple.of(tenantId, ids.toArray(new String[0])))
                .map(FlowStore::lastFlows);
    }

    private static List<LastFlow> lastFlows(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<LastFlow> list = new ArrayList<>();
        rows.forEach(r -> list.add(new LastFlow(r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
        return list;
    }

    public Uni<List<LastFlow>> lastFlowsByName(UUID tenantId, List<String> names) {
        return pool.preparedQuery("SELECT DISTINCT ON (application_name) application_id, application_name, type, status "
                        + "FROM application_flow WHERE tenant_id = $1 AND application_name = ANY($2) "
                        + "ORDER BY application_name, " + LAST_FIRST)
                .execute(Tuple.of(tenantId, names.toArray(new String[0])))
                .map(rows -> {
                    List<LastFlow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new LastFlow(r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
                    return list;
                });
    }
}
