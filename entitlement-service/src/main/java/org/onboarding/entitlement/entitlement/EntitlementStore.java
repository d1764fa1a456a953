package org.onboarding.entitlement.entitlement;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.cql.CqlSql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Entitlement rows and the backend modules enabled per (tenant, application). */
@ApplicationScoped
public class EntitlementStore {

    static final Map<String, CqlSql.Field> FIELDS = Map.of(
            "tenantId", new CqlSql.Field("tenant_id", CqlSql.Type.UUID),
            "applicationId", new CqlSql.Field("application_id", CqlSql.Type.STRING),
            "applicationName", new CqlSql.Field("application_name", CqlSql.Type.STRING),
            "applicationVersion", new CqlSql.Field("application_version", CqlSql.Type.STRING));

    public record Entitlement(String applicationId, UUID tenantId, List<String> modules) {
    }

    public record Page(List<Entitlement> entitlements, long totalRecords) {
    }

    private final Pool pool;

    public EntitlementStore(Pool pool) {
        this.pool = pool;
    }

    /** Fails with a unique violation when the tenant already has this application (or another version of it). */
    public Uni<Void> insert(UUID tenantId, String applicationId, String name, String version) {
        return pool.preparedQuery("INSERT INTO entitlement (tenant_id, application_id, application_name, application_version) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(tenantId, applicationId, name, version)).replaceWithVoid();
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

    public Uni<Page> find(String query, boolean includeModules, int limit, int offset) {
        CqlSql.Sql sql = CqlSql.translate(query, FIELDS, 1, "tenant_id ASC, application_id ASC");
        int n = sql.params().size();
        String modules = includeModules
                ? ", ARRAY(SELECT m.module_id FROM entitlement_module m WHERE m.tenant_id = e.tenant_id "
                + "AND m.application_id = e.application_id ORDER BY m.module_id) AS modules" : "";
        Uni<Long> count = pool.preparedQuery("SELECT count(*) FROM entitlement WHERE " + sql.where())
                .execute(Tuple.tuple(new ArrayList<>(sql.params()))).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<Entitlement>> page = pool.preparedQuery("SELECT e.application_id, e.tenant_id" + modules
                        + " FROM entitlement e WHERE " + sql.where() + " ORDER BY " + sql.orderBy()
                        + " LIMIT $" + (n + 1) + " OFFSET $" + (n + 2))
                .execute(Tuple.tuple(new ArrayList<>(sql.params())).addInteger(limit).addInteger(offset))
                .map(rows -> {
                    List<Entitlement> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Entitlement(r.getString(0), r.getUUID(1),
                            includeModules ? List.of(r.getArrayOfStrings(2)) : null)));
                    return list;
                });
        return Uni.combine().all().unis(page, count).asTuple().map(t -> new Page(t.getItem1(), t.getItem2()));
    }

    public Uni<Page> byModule(String moduleId, int limit, int offset) {
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
        return Uni.combine().all().unis(page, count).asTuple().map(t -> new Page(t.getItem1(), t.getItem2()));
    }
}
