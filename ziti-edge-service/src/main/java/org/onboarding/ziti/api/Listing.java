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
        List<Object> params = new ArrayList<>();
        ListQuery query = ListQuery.of(filter, limit, offset, sort, fields, params);
        Tuple tuple = Tuple.from(params);
        Uni<List<Map<String, Object>>> page = pool
                .preparedQuery(select + " WHERE " + query.where() + " ORDER BY " + query.orderBy() + query.pagingClause())
                .execute(tuple)
                .map(rows -> {
                    List<Map<String, Object>> data = new ArrayList<>();
                    rows.forEach(row -> data.add(render.apply(row)));
                    return data;
                });
        Uni<Long> total = pool.preparedQuery("SELECT count(*) " + from + " WHERE " + query.where())
                .execute(tuple)
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(page, total).asTuple()
                .map(t -> Envelopes.list(t.getItem1(), query.limit(), query.offset(), t.getItem2(), fields.names()));
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
