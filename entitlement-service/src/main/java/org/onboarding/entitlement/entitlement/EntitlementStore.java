package org.onboarding.entitlement.entitlement;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.cql.CqlSql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Entitlement rows and the backend modules enabled per (tenant, application). */
@ApplicationScoped
@RequiredArgsConstructor
public class EntitlementStore {

    public static final Map<String, CqlSql.Field> FIELDS = Map.of(
            "tenantId", new CqlSql.Field("tenant_id", CqlSql.Type.UUID),
            "applicationId", new CqlSql.Field("application_id", CqlSql.Type.STRING),
            "applicationName", new CqlSql.Field("application_name", CqlSql.Type.STRING),
            "applicationVersion", new CqlSql.Field("application_version", CqlSql.Type.STRING));

    /** {@code GET /entitlements}; every field has a count kept by the V6 triggers. */
    public static final ListQuery LIST = new ListQuery("entitlement", "entitlement e", "e.application_id, e.tenant_id", FIELDS,
            FIELDS.keySet(), "tenant_id ASC, application_id ASC", null);
    static final ListQuery WITH_MODULES = LIST.withColumns(", ARRAY(SELECT m.module_id FROM entitlement_module m "
            + "WHERE m.tenant_id = e.tenant_id AND m.application_id = e.application_id ORDER BY m.module_id) AS modules");

    public record Entitlement(String applicationId, UUID tenantId, List<String> modules) {
    }

    private final Pool pool;

    /**
     * {@code EntitleApplicationFlowFinalizer}: the application flow becomes finished and the entitlement row appears
     * (a unique violation when the tenant already has this application or another version of it)
     * in one statement, only while the application flow is still running (false otherwise, e.g. after a timeout).
     */
    public Uni<Boolean> insertFinishing(UUID applicationFlowId, UUID tenantId, String applicationId, String name, String version) {
        return pool.preparedQuery("WITH af AS (UPDATE application_flow SET status = 'FINISHED', finished_at = $6 "
                        + "WHERE application_flow_id = $5 AND status IN ('QUEUED', 'IN_PROGRESS') RETURNING application_flow_id) "
                        + "INSERT INTO entitlement (tenant_id, application_id, application_name, application_version) "
                        + "SELECT $1, $2, $3, $4 FROM af")
                .execute(Tuple.tuple(List.of(tenantId, applicationId, name, version, applicationFlowId,
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> delete(UUID tenantId, String applicationId) {
        return pool.preparedQuery("DELETE FROM entitlement WHERE tenant_id = $1 AND application_id = $2")
                .execute(Tuple.of(tenantId, applicationId)).replaceWithVoid();
    }

    public Uni<List<Entitlement>> byNames(UUID tenantId, List<String> names) {
        return pool.preparedQuery("SELECT application_id, tenant_id FROM entitlement WHERE tenant_id = $1 AND application_name = ANY($2)")
                .execute(Tuple.of(tenantId, names.toArray(new String[0])))
                .map(rows -> {
                    List<Entitlement> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Entitlement(r.getString(0), r.getUUID(1), null)));
                    return list;
                });
    }

    /** All application ids entitled for a tenant, sorted. */
    public Uni<List<String>> applicationIds(UUID tenantId) {
        return pool.preparedQuery("SELECT application_id FROM entitlement WHERE tenant_id = $1 ORDER BY application_id")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<String> list = new ArrayList<>();
                    rows.forEach(r -> list.add(r.getString(0)));
                    return list;
                });
    }

    /** Finishes a running application flow inside {@code conn}; false when it is no longer running (timed out). */
    private static Uni<Boolean> finishRunning(io.vertx.mutiny.sqlclient.SqlConnection conn, UUID applicationFlowId) {
        return conn.preparedQuery("UPDATE application_flow SET status = 'FINISHED', finished_at = $2 "
                        + "WHERE application_flow_id = $1 AND status IN ('QUEUED', 'IN_PROGRESS')")
                .execute(Tuple.of(applicationFlowId, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * {@code UpgradeApplicationFlowFinalizer}: in one transaction the application flow finishes and the entitlement
     * moves from the old application id to the new one, so the tenant never has both versions nor neither. False
     * (nothing changed) when the application flow is no longer running.
     */
    public Uni<Boolean> replaceFinishing(UUID applicationFlowId, UUID tenantId, String oldApplicationId, String newApplicationId,
                                         String name, String version) {
        return pool.withTransaction(conn -> finishRunning(conn, applicationFlowId).flatMap(running -> {
            if (!running) {
                return Uni.createFrom().item(false);
            }
            return conn.preparedQuery("DELETE FROM entitlement WHERE tenant_id = $1 AND application_id = $2")
                    .execute(Tuple.of(tenantId, oldApplicationId))
                    .flatMap(deleted -> {
                        if (deleted.rowCount() != 1) {
                            return Uni.createFrom().failure(org.onboarding.entitlement.common.ApiException.notFound(
                                    "Entitlement is not found: " + oldApplicationId));
                        }
                        return conn.preparedQuery("INSERT INTO entitlement (tenant_id, application_id, application_name, application_version) "
                                + "VALUES ($1, $2, $3, $4)").execute(Tuple.of(tenantId, newApplicationId, name, version));
                    }).replaceWith(true);
        }));
    }

    /** {@code RevokeApplicationFlowFinalizer}: the application flow finishes and the entitlement goes, together. */
    public Uni<Boolean> revokeFinishing(UUID applicationFlowId, UUID tenantId, String applicationId) {
        return pool.withTransaction(conn -> finishRunning(conn, applicationFlowId).flatMap(running -> !running
                ? Uni.createFrom().item(false)
                : conn.preparedQuery("DELETE FROM entitlement WHERE tenant_id = $1 AND application_id = $2")
                .execute(Tuple.of(tenantId, applicationId)).replaceWith(true)));
    }

    // ---- application dependencies ----

    /** {@code ApplicationDependencySaver}; true if rows were written (so only they are undone on rollback). */
    public Uni<Boolean> saveDependencies(UUID tenantId, org.onboarding.entitlement.registry.ApplicationDescriptor app) {
        if (app.dependencies().isEmpty()) {
            return Uni.createFrom().item(false);
        }
        List<Tuple> rows = app.dependencies().stream().map(d -> Tuple.tuple(List.of(tenantId, app.id(), app.name(), app.version(),
                d.name(), d.version(), d.optional()))).toList();
        return pool.preparedQuery("INSERT INTO application_dependency (tenant_id, application_id, application_name, application_version, "
                        + "parent_name, parent_version, optional) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                .executeBatch(rows).replaceWith(true);
    }

    /** {@code ApplicationDependencyCleaner} / the saver's rollback / the old half of {@code ApplicationDependencyUpdater}. */
    public Uni<Void> deleteDependencies(UUID tenantId, String applicationId) {
        return pool.preparedQuery("DELETE FROM application_dependency WHERE tenant_id = $1 AND application_id = $2")
                .execute(Tuple.of(tenantId, applicationId)).replaceWithVoid();
    }

    /** Entitled applications of the tenant depending on {@code name}, directly or through other entitled ones. */
    public Uni<List<String>> entitledDependents(UUID tenantId, String name) {
        return pool.preparedQuery("WITH RECURSIVE dependents(application_id, application_name) AS ("
                        + " SELECT d.application_id, d.application_name FROM application_dependency d"
                        + "  JOIN entitlement e ON e.tenant_id = d.tenant_id AND e.application_id = d.application_id"
                        + "  WHERE d.tenant_id = $1 AND d.parent_name = $2"
                        + " UNION"
                        + " SELECT d.application_id, d.application_name FROM application_dependency d"
                        + "  JOIN entitlement e ON e.tenant_id = d.tenant_id AND e.application_id = d.application_id"
                        + "  JOIN dependents p ON d.parent_name = p.application_name WHERE d.tenant_id = $1)"
                        + " SELECT DISTINCT application_id FROM dependents ORDER BY application_id")
                .execute(Tuple.of(tenantId, name))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    public Uni<Boolean> moduleEnabledForTenant(UUID tenantId, String moduleId) {
        return pool.preparedQuery("SELECT 1 FROM entitlement_module WHERE tenant_id = $1 AND module_id = $2 LIMIT 1")
                .execute(Tuple.of(tenantId, moduleId)).map(rows -> rows.size() > 0);
    }

    /** True if this call recorded the module (so only its own records are undone on rollback). */
    public Uni<Boolean> recordModule(UUID tenantId, String moduleId, String applicationId) {
        return pool.preparedQuery("INSERT INTO entitlement_module (module_id, tenant_id, application_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(moduleId, tenantId, applicationId)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> forgetModule(UUID tenantId, String moduleId, String applicationId) {
        return pool.preparedQuery("DELETE FROM entitlement_module WHERE module_id = $1 AND tenant_id = $2 AND application_id = $3")
                .execute(Tuple.of(moduleId, tenantId, applicationId)).replaceWithVoid();
    }

    public Uni<ListQuery.Page<Entitlement>> find(String query, boolean includeModules, int limit, int offset) {
        return (includeModules ? WITH_MODULES : LIST).find(pool, query, null, limit, offset,
                        r -> new Entitlement(r.getString(0), r.getUUID(1), includeModules ? List.of(r.getArrayOfStrings(2)) : null));
    }

    public Uni<ListQuery.Page<Entitlement>> byModule(String moduleId, int limit, int offset) {
        Uni<Long> count = pool.preparedQuery("SELECT count(*) FROM entitlement_module WHERE module_id = $1")
                .execute(Tuple.of(moduleId)).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<Entitlement>> page = pool.preparedQuery("SELECT application_id, tenant_id FROM entitlement_module WHERE module_id = $1 "
                        + "ORDER BY tenant_id, application_id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(moduleId, limit, offset))
                .map(rows -> {
                    List<Entitlement> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Entitlement(r.getString(0), r.getUUID(1), null)));
                    return list;
                });
        return Uni.combine().all().unis(page, count).asTuple().map(t -> new ListQuery.Page<>(t.getItem1(), t.getItem2()));
    }
}
