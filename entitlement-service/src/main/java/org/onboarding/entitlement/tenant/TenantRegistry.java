package org.onboarding.entitlement.tenant;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.EntityExistsException;
import org.onboarding.entitlement.common.EntityNotFoundException;
import org.onboarding.entitlement.cql.CqlSql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant registry (mgr-tenants' part the entitlement flows use): id, name, description. */
@ApplicationScoped
public class TenantRegistry {

    static final Map<String, CqlSql.Field> FIELDS = Map.of(
            "id", new CqlSql.Field("id", CqlSql.Type.UUID),
            "name", new CqlSql.Field("name", CqlSql.Type.STRING),
            "description", new CqlSql.Field("description", CqlSql.Type.STRING));

    public record TenantView(UUID id, String name, String description) {
    }

    private final Pool pool;

    public TenantRegistry(Pool pool) {
        this.pool = pool;
    }

    public Uni<TenantView> create(UUID id, String name, String description) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID tenantId = id == null ? UUID.randomUUID() : id;
        return pool.preparedQuery("INSERT INTO tenant (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
                .execute(Tuple.of(tenantId, name, description, now))
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new EntityExistsException("Tenant already exists: " + name) : e)
                .replaceWith(new TenantView(tenantId, name, description));
    }

    public Uni<TenantView> get(UUID id) {
        return pool.preparedQuery("SELECT id, name, description FROM tenant WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new EntityNotFoundException("Tenant is not found: " + id);
                    }
                    return view(rows.iterator().next());
                });
    }

    public Uni<TenantView> getByName(String name) {
        return pool.preparedQuery("SELECT id, name, description FROM tenant WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new EntityNotFoundException("Tenant is not found by name: " + name);
                    }
                    return view(rows.iterator().next());
                });
    }

    public record Listing(List<TenantView> tenants, long totalRecords) {
    }

    public Uni<Listing> find(String query, int limit, int offset) {
        CqlSql.Sql sql = CqlSql.translate(query, FIELDS, 1, "name ASC");
        int n = sql.params().size();
        Uni<Long> count = pool.preparedQuery("SELECT count(*) FROM tenant WHERE " + sql.where())
                .execute(Tuple.tuple(new ArrayList<>(sql.params()))).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<TenantView>> page = pool.preparedQuery("SELECT id, name, description FROM tenant WHERE " + sql.where()
                        + " ORDER BY " + sql.orderBy() + " LIMIT $" + (n + 1) + " OFFSET $" + (n + 2))
                .execute(Tuple.tuple(new ArrayList<>(sql.params())).addInteger(limit).addInteger(offset))
                .map(rows -> {
                    List<TenantView> list = new ArrayList<>();
                    rows.forEach(r -> list.add(view(r)));
                    return list;
                });
        return Uni.combine().all().unis(page, count).asTuple().map(t -> new Listing(t.getItem1(), t.getItem2()));
    }

    public Uni<Void> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM tenant WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw new EntityNotFoundException("Tenant is not found: " + id);
            }
            return null;
        });
    }

    private static TenantView view(Row r) {
        return new TenantView(r.getUUID(0), r.getString(1), r.getString(2));
    }
}
