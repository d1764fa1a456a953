package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The shape of a simple management resource kept in one table: ZitiQL list, detail (404 when absent), create with a
 * unique name (the index {@code <table>_name_uq} decides duplicates) and delete by id (dependants by FK cascade).
 *
 * @param table      the table, also the prefix of its unique name index
 * @param alias      the alias the {@code fields} columns use
 * @param entity     the entity named in a 404
 * @param collection the path segment of self links
 */
public record CrudTable(Pool pool, String table, String alias, String entity, String collection,
                        FilterableFields fields, Function<Row, Map<String, Object>> render)
        implements ManagedCollection {

    private String from() {
        return "FROM " + table + " " + alias;
    }

    private String select() {
        return "SELECT " + alias + ".* " + from();
    }

    /** The list over the whole table, counted by the table's maintained counter. */
    public ListSource source() {
        return ListSource.table(table, alias, fields);
    }

    @Override
    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.list(pool, source(), params, render);
    }

    @Override
    public Uni<Envelopes.Envelope> detail(String id) {
        return Listing.detail(pool, select(), alias + ".id", id, entity, render).map(Envelopes::detail);
    }

    @Override
    public Uni<Envelopes.Envelope> delete(String id) {
        return Listing.delete(pool, table, id, entity).replaceWith(Envelopes.empty());
    }

    /**
     * INSERTs a new row: a fresh id, then {@code columns} with {@code values}, then {@code created_at} and
     * {@code updated_at} set to now; 201 with the create envelope, or the duplicate-name 400 when {@code name} is taken.
     */
    public Uni<Response> create(String name, List<String> columns, List<Object> values) {
        String id = ZitiIds.shortId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.addAll(values);
        params.add(now);
        StringBuilder placeholders = new StringBuilder();
        for (int i = 1; i <= params.size(); i++) {
            placeholders.append('$').append(i).append(", ");
        }
        String sql = "INSERT INTO " + table + " (id, " + String.join(", ", columns) + ", created_at, updated_at) "
                + "VALUES (" + placeholders + "$" + params.size() + ")";
        return Creates.insertNamed(pool, sql, Tuple.from(params), id, table + "_name_uq", name)
                .map(created -> Envelopes.createdResponse(created, collection));
    }
}
