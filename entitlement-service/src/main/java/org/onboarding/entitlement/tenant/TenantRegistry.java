package org.onboarding.entitlement.tenant;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.PgErrors;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.cql.CqlSql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant registry (mgr-tenants' part the entitlement flows use): id, name, description. */
@ApplicationScoped
@RequiredArgsConstructor
public class TenantRegistry {

    static final Map<String, CqlSql.Field> FIELDS = Map.of(
            "id", new CqlSql.Field("id", CqlSql.Type.UUID),
            "name", new CqlSql.Field("name", CqlSql.Type.STRING),
            "description", new CqlSql.Field("description", CqlSql.Type.STRING));

    public record TenantView(UUID id, String name, String description) {
    }

    private final Pool pool;

    public Uni<TenantView> create(UUID id, String name, String description) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID tenantId = id == null ? UUID.randomUUID() : id;
        return pool.preparedQuery("INSERT INTO tenant (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
                .execute(Tuple.of(tenantId, name, description, now))
                .onFailure(PgErrors::duplicate).transform(e -> ApiException.exists("Tenant already exists: " + name))
                .replaceWith(new TenantView(tenantId, name, description));
    }

    public Uni<TenantView> get(UUID id) {
        return one("id", id, "Tenant is not found: " + id);
    }

    public Uni<TenantView> getByName(String name) {
        return one("name", name, "Tenant is not found by name: " + name);
    }

    /** The tenant whose {@code column} (a fixed column name) equals {@code value}, else 404 with {@code notFound}. */
    private Uni<TenantView> one(String column, Object value, String notFound) {
        return pool.preparedQuery("SELECT id, name, description FROM tenant WHERE " + column + " = $1").execute(Tuple.of(value))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound(notFound);
                    }
                    return view(rows.iterator().next());
                });
    }

    /** Tenants are few: counted with {@code count(*)} when the page does not tell the total. */
    private static final ListQuery LIST = new ListQuery(null, "tenant", "id, name, description", FIELDS, java.util.Set.of(), "name ASC", "name = ANY(%s)");

    /** A CQL page of tenants; {@code visible} (names) limits it to a scoped caller's tenants, null for all. */
    public Uni<ListQuery.Page<TenantView>> find(String query, java.util.Set<String> visible, int limit, int offset) {
        return LIST.find(pool, query, visible, limit, offset, TenantRegistry::view);
    }

    /**
     * Changes the description. The name is what modules know the tenant by ({@code x-okapi-tenant}) and cannot change.
     */
    public Uni<TenantView> update(UUID id, String name, String description) {
        return pool.preparedQuery("UPDATE tenant SET description = $3, updated_at = $4 WHERE id = $1 AND name = $2 "
                        + "RETURNING id, name, description")
                .execute(Tuple.of(id, name, description, OffsetDateTime.now(ZoneOffset.UTC)))
                .flatMap(rows -> rows.size() == 1 ? Uni.createFrom().item(view(rows.iterator().next()))
                        : get(id).invoke(existing -> {   // it exists (else 404 from get): only the name differs
                    throw ApiException.requestValidation("Tenant name cannot be changed",
                            List.of(ApiException.param("name", name)));
                }));
    }

    /**
     * Deletes a tenant nothing depends on. Whether something does is decided by the database: the foreign keys of
     * entitlements, their modules and dependencies refuse the delete (RESTRICT), which then names the applications.
     */
    public Uni<Void> delete(UUID id) {
        return PgErrors.restrictedDelete(pool, "DELETE FROM tenant WHERE id = $1", DEPENDENT_APPLICATIONS, id,
                () -> ApiException.notFound("Tenant is not found: " + id),
                applications -> ApiException.requestValidation(
                        "Tenant cannot be deleted while applications are entitled for it: " + applications,
                        List.of(ApiException.param("tenantId", id.toString()),
                                ApiException.param("applicationIds", String.join(", ", applications)))));
    }

    private static final String DEPENDENT_APPLICATIONS = "SELECT application_id FROM entitlement WHERE tenant_id = $1 "
            + "UNION SELECT application_id FROM entitlement_module WHERE tenant_id = $1 "
            + "UNION SELECT application_id FROM application_dependency WHERE tenant_id = $1 ORDER BY 1";

    private static TenantView view(Row r) {
        return new TenantView(r.getUUID(0), r.getString(1), r.getString(2));
    }
}
