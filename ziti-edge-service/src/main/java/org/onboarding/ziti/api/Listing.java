package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.onboarding.ziti.zitiql.FilterableFields;
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

    public static Uni<Envelopes.Envelope> list(Pool pool, String select, String from, FilterableFields fields,
                                               String filter, Long limit, Long offset, String sort,
                                               Function<Row, Map<String, Object>> render) {
        return list(pool, select, from, fields, filter, limit, offset, sort, render, List.of());
    }

    /**
     * As above, with parameters that {@code select}/{@code from} themselves use: they are {@code $1..$n}, the
     * filter's own parameters follow.
     */
    public static Uni<Envelopes.Envelope> list(Pool pool, String select, String from, FilterableFields fields,
                                               String filter, Long limit, Long offset, String sort,
                                               Function<Row, Map<String, Object>> render, List<Object> leading) {
        List<Object> params = new ArrayList<>(leading);
        ListQuery query = ListQuery.of(filter, limit, offset, sort, fields, params);
        return page(pool, select, from, query, Tuple.from(params)).map(page -> {
            List<Map<String, Object>> data = new ArrayList<>();
            page.rows().forEach(row -> data.add(render.apply(row)));
            return Envelopes.list(data, query.limit(), query.offset(), page.totalCount(), fields.names());
        });
    }

    /** One page of rows and {@code totalCount}, the number of all rows the filter matches. */
    public record Page(List<Row> rows, long totalCount) {
    }

    /**
     * Reads the page and its {@code totalCount} in ONE statement, so both come from one snapshot and cannot disagree
     * under concurrent writes: the count is an uncorrelated scalar subquery (a PostgreSQL InitPlan, run once), the
     * page keeps its own ORDER BY/LIMIT and so its index range scan. {@code select} starts with {@code SELECT} and ends
     * with its FROM/JOIN part; {@code from} covers every column the filter can name (so the subquery is uncorrelated).
     * An empty page carries no count; at offset 0 that means none match, past the end a lone count is read.
     */
    public static Uni<Page> page(Pool pool, String select, String from, ListQuery query, Tuple params) {
        if (!select.startsWith("SELECT ")) {
            throw new IllegalArgumentException("select must start with SELECT: " + select);
        }
        String count = "SELECT count(*) " + from + " WHERE " + query.where();
        String sql = "SELECT (" + count + ") AS " + TOTAL_COUNT + ", " + select.substring("SELECT ".length())
                + " WHERE " + query.where() + " ORDER BY " + query.orderBy() + query.pagingClause();
        return pool.preparedQuery(sql).execute(params).flatMap(rows -> {
            List<Row> list = new ArrayList<>(rows.size());
            rows.forEach(list::add);
            if (!list.isEmpty()) {
                return Uni.createFrom().item(new Page(list, list.get(0).getLong(TOTAL_COUNT)));
            }
            if (query.offset() == 0) {
                return Uni.createFrom().item(new Page(list, 0));
            }
            return pool.preparedQuery(count).execute(params)
                    .map(counted -> new Page(list, counted.iterator().next().getLong(0)));
        });
    }

    private static final String TOTAL_COUNT = "total_count_";

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
