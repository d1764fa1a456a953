package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.onboarding.ziti.zitiql.ListQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One ZitiQL list over one table: {@code select} ends with the FROM/JOIN part, {@code from} is the bare FROM part used
 * for the count; the filter only ever contributes whitelisted columns and bound parameters.
 */
public final class Listing {

    private Listing() {
    }

    public static Uni<Envelopes.Envelope> list(Pool pool, ListSource source, ListParams params,
                                               Function<Row, ?> render) {
        return list(pool, source, params, render, List.of());
    }

    /**
     * As above, with parameters that the source's {@code select}/{@code from} themselves use: they are
     * {@code $1..$n}, the filter's own parameters follow.
     */
    public static Uni<Envelopes.Envelope> list(Pool pool, ListSource source, ListParams params,
                                               Function<Row, ?> render, List<Object> leading) {
        return rows(pool, source, params, rows -> {
            List<Object> data = new ArrayList<>(rows.size());
            rows.forEach(row -> data.add(render.apply(row)));
            return Uni.createFrom().item(data);
        }, leading);
    }

    /** A list whose rows are rendered in one go (for a follow-up query over the whole page). */
    public static Uni<Envelopes.Envelope> rows(Pool pool, ListSource source, ListParams params,
                                               Function<List<Row>, ? extends Uni<? extends List<?>>> render,
                                               List<Object> leading) {
        List<Object> bound = new ArrayList<>(leading);
        ListQuery query = ListQuery.of(params.filter(), params.limit(), params.offset(), params.sort(),
                source.fields(), bound);
        return page(pool, source, query, Tuple.from(bound)).flatMap(page -> render.apply(page.rows())
                .map(data -> Envelopes.list(data, query.limit(), query.offset(), page.totalCount(),
                        source.fields().names())));
    }

    /** One page of rows and {@code totalCount}, the number of all rows the filter matches. */
    public record Page(List<Row> rows, long totalCount) {
    }

    /**
     * Reads the page and its {@code totalCount} in ONE statement ({@link ListSource#pageSql}), so both come from one
     * snapshot and cannot disagree under concurrent writes. An empty page carries no count; at offset 0 that means
     * none match, past the end a lone count is read.
     */
    public static Uni<Page> page(Pool pool, ListSource source, ListQuery query, Tuple params) {
        return pool.preparedQuery(source.pageSql(query)).execute(params).flatMap(rows -> {
            List<Row> list = new ArrayList<>(rows.size());
            rows.forEach(list::add);
            if (!list.isEmpty()) {
                return Uni.createFrom().item(new Page(list, list.get(0).getLong(ListSource.totalCountColumn())));
            }
            if (query.offset() == 0) {
                return Uni.createFrom().item(new Page(list, 0));
            }
            return pool.preparedQuery(source.countSql(query)).execute(params)
                    .map(counted -> new Page(list, counted.iterator().next().getLong(0)));
        });
    }

    /** The rendered row with this id, or 404 NOT_FOUND naming the entity as upstream does. */
    public static Uni<Map<String, Object>> detail(Pool pool, String select, String idColumn, String id, String entity,
                                                  Function<Row, Map<String, Object>> render) {
        return pool.preparedQuery(select + " WHERE " + idColumn + " = $1").execute(Tuple.of(id)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw ApiException.notFound(entity, id);
            }
            return render.apply(rows.iterator().next());
        });
    }

    /** DELETE by id; 404 when nothing was there. Dependants go by FK cascade in the same statement. */
    public static Uni<Void> delete(Pool pool, String table, String id, String entity) {
        return pool.preparedQuery("DELETE FROM " + table + " WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ApiException.notFound(entity, id);
            }
            return null;
        });
    }

    /** The standard base-entity fields upstream puts first in every detail. */
    public static Map<String, Object> base(Row row, String collection) {
        String id = row.getString("id");
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("_links", Links.self(collection, id));
        d.put("createdAt", ZitiTime.format(Rows.instant(row, "created_at")));
        d.put("id", id);
        d.put("tags", JsonText.map(row.getString("tags")));
        d.put("updatedAt", ZitiTime.format(Rows.instant(row, "updated_at")));
        return d;
    }
}
