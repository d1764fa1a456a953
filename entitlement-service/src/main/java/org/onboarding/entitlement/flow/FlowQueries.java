package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.cql.CqlSql;
import org.onboarding.entitlement.entitlement.EntitlementStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Read side of flows, application flows and stages; JSON enums lowercase. */
@ApplicationScoped
@RequiredArgsConstructor
public class FlowQueries {

    /** What both flow lists filter on besides their ids: tenant, type, status, times. */
    private static final Map<String, CqlSql.Field> FLOW_STATE = Map.of(
            "tenantId", new CqlSql.Field("tenant_id", CqlSql.Type.UUID),
            "type", new CqlSql.Field("type", CqlSql.Type.ENUM),
            "status", new CqlSql.Field("status", CqlSql.Type.ENUM),
            "startedAt", new CqlSql.Field("started_at", CqlSql.Type.TIMESTAMP),
            "finishedAt", new CqlSql.Field("finished_at", CqlSql.Type.TIMESTAMP));

    static final Map<String, CqlSql.Field> FLOW_FIELDS = CqlSql.merge(FLOW_STATE,
            Map.of("id", new CqlSql.Field("flow_id", CqlSql.Type.UUID)));

    /** An application flow also filters on its application as an entitlement does. */
    static final Map<String, CqlSql.Field> APPLICATION_FLOW_FIELDS = CqlSql.merge(FLOW_STATE, EntitlementStore.FIELDS,
            Map.of("id", new CqlSql.Field("application_flow_id", CqlSql.Type.UUID), "flowId", new CqlSql.Field("flow_id", CqlSql.Type.UUID)));

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(UUID flowId, String name, String status, String errorType, String errorMessage,
                        OffsetDateTime startedAt, OffsetDateTime finishedAt, Integer retriesCount, String retriesInfo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApplicationFlow(UUID id, String applicationId, UUID tenantId, UUID flowId, String type, String status,
                                  OffsetDateTime startedAt, OffsetDateTime finishedAt, List<Stage> stages) {
        ApplicationFlow withStages(List<Stage> s) {
            return new ApplicationFlow(id, applicationId, tenantId, flowId, type, status, startedAt, finishedAt, s);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flow(UUID id, String status, String type, UUID tenantId, OffsetDateTime startedAt,
                       OffsetDateTime finishedAt, List<Stage> stages, List<ApplicationFlow> applicationFlows) {
    }

    private static final String FLOW_COLUMNS = "flow_id, status, type, tenant_id, started_at, finished_at";
    private static final String APP_COLUMNS = "application_flow_id, application_id, tenant_id, flow_id, type, status, started_at, finished_at";
    private static final String STAGE_COLUMNS = "flow_id, stage, status, error_type, error_message, started_at, finished_at, retries_count, retries_info";

    /** The flow lists; the counted fields are those the V6 triggers keep counts for. */
    public static final ListQuery FLOWS = new ListQuery("flow", "flow", FLOW_COLUMNS, FLOW_FIELDS, java.util.Set.of("tenantId", "type", "status"),
            "flow_id ASC", ListQuery.BY_TENANT_ID);
    public static final ListQuery APPLICATION_FLOWS = new ListQuery("application_flow", "application_flow", APP_COLUMNS,
            APPLICATION_FLOW_FIELDS,
            java.util.Set.of("tenantId", "applicationId", "applicationName", "applicationVersion", "type", "status"),
            "application_flow_id ASC", ListQuery.BY_TENANT_ID);

    private final Pool pool;

    public Uni<ListQuery.Page<Flow>> findFlows(String query, java.util.Set<String> tenantNames, int limit, int offset) {
        return FLOWS.find(pool, query, tenantNames, limit, offset, r -> flow(r, null, null))
                .flatMap(page -> withApplicationFlows(page.items()).map(list -> new ListQuery.Page<>(list, page.total())));
    }

    /** The flows with their application flows, read in one query. */
    private Uni<List<Flow>> withApplicationFlows(List<Flow> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().item(list);
        }
        UUID[] ids = list.stream().map(Flow::id).toArray(UUID[]::new);
        return pool.preparedQuery("SELECT " + APP_COLUMNS + " FROM application_flow WHERE flow_id = ANY($1) ORDER BY started_at, application_id")
                .execute(Tuple.of(ids)).map(rows -> {
                    List<ApplicationFlow> apps = new ArrayList<>();
                    rows.forEach(r -> apps.add(applicationFlow(r)));
                    return list.stream().map(f -> new Flow(f.id(), f.status(), f.type(), f.tenantId(), f.startedAt(),
                            f.finishedAt(), null, apps.stream().filter(a -> a.flowId().equals(f.id())).toList())).toList();
                });
    }

    public Uni<Flow> getFlow(UUID flowId, boolean includeStages) {
        return pool.preparedQuery("SELECT " + FLOW_COLUMNS + " FROM flow WHERE flow_id = $1").execute(Tuple.of(flowId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Flow is not found by id: " + flowId);
                    }
                    Row flowRow = rows.iterator().next();
                    return pool.preparedQuery("SELECT " + APP_COLUMNS + " FROM application_flow WHERE flow_id = $1 ORDER BY started_at, application_id")
                            .execute(Tuple.of(flowId)).flatMap(appRows -> {
                                List<ApplicationFlow> apps = new ArrayList<>();
                                appRows.forEach(r -> apps.add(applicationFlow(r)));
                                if (!includeStages) {
                                    return Uni.createFrom().item(flow(flowRow, null, apps));
                                }
                                List<UUID> owners = new ArrayList<>();
                                owners.add(flowId);
                                apps.forEach(a -> owners.add(a.id()));
                                return stagesOf(owners).map(stages -> flow(flowRow,
                                        stages.stream().filter(s -> s.flowId().equals(flowId)).toList(),
                                        apps.stream().map(a -> a.withStages(stages.stream().filter(s -> s.flowId().equals(a.id())).toList())).toList()));
                            });
                });
    }

    public Uni<ListQuery.Page<ApplicationFlow>> findApplicationFlows(String query, java.util.Set<String> tenantNames, int limit, int offset) {
        return APPLICATION_FLOWS.find(pool, query, tenantNames, limit, offset, FlowQueries::applicationFlow);
    }

    public Uni<ApplicationFlow> getApplicationFlow(UUID id, boolean includeStages) {
        return pool.preparedQuery("SELECT " + APP_COLUMNS + " FROM application_flow WHERE application_flow_id = $1").execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Application flow is not found by id: " + id);
                    }
                    ApplicationFlow app = applicationFlow(rows.iterator().next());
                    return includeStages ? stagesOf(List.of(id)).map(app::withStages) : Uni.createFrom().item(app);
                });
    }

    /** The tenant of an application flow, or null when there is no such application flow. */
    public Uni<UUID> applicationFlowTenant(UUID id) {
        return pool.preparedQuery("SELECT tenant_id FROM application_flow WHERE application_flow_id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    public Uni<List<Stage>> stagesOf(List<UUID> owners) {
        return pool.preparedQuery("SELECT " + STAGE_COLUMNS + " FROM flow_stage WHERE flow_id = ANY($1) ORDER BY started_at, stage")
                .execute(Tuple.of(owners.toArray(new UUID[0]))).map(rows -> {
                    List<Stage> list = new ArrayList<>();
                    rows.forEach(r -> list.add(stage(r)));
                    return list;
                });
    }

    public Uni<Stage> getStage(UUID ownerId, String name) {
        return pool.preparedQuery("SELECT " + STAGE_COLUMNS + " FROM flow_stage WHERE flow_id = $1 AND stage = $2")
                .execute(Tuple.of(ownerId, name)).map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Flow stage is not found by id: " + ownerId + " and name: " + name);
                    }
                    return stage(rows.iterator().next());
                });
    }

    private static Flow flow(Row r, List<Stage> stages, List<ApplicationFlow> apps) {
        return new Flow(r.getUUID(0), lower(r.getString(1)), lower(r.getString(2)), r.getUUID(3), r.getOffsetDateTime(4),
                r.getOffsetDateTime(5), stages, apps);
    }

    private static ApplicationFlow applicationFlow(Row r) {
        return new ApplicationFlow(r.getUUID(0), r.getString(1), r.getUUID(2), r.getUUID(3), lower(r.getString(4)),
                lower(r.getString(5)), r.getOffsetDateTime(6), r.getOffsetDateTime(7), null);
    }

    private static Stage stage(Row r) {
        return new Stage(r.getUUID(0), r.getString(1), lower(r.getString(2)), r.getString(3), r.getString(4),
                r.getOffsetDateTime(5), r.getOffsetDateTime(6), r.getInteger(7), r.getString(8));
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase();
    }
}
