package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * PUT and PATCH of one row as ONE {@code UPDATE ... WHERE id = $1}: the SET list comes only from a fixed whitelist of
 * columns (all of them for PUT, the ones the body names for PATCH), every value is a parameter. Concurrent patches of
 * different fields never undo each other; unique indexes still decide duplicates.
 */
public final class Updates {

    /** An updatable column and the body field it comes from. */
    public record Column<F>(String field, String column, Function<F, Object> value) {
    }

    private Updates() {
    }

    /** The number of rows updated (0: no such id). {@code updated_at} always moves forward, by 1 ms at least. */
    public static <F> Uni<Integer> byId(Pool pool, String table, String id, List<Column<F>> columns, F fields,
                                        Predicate<String> named, boolean replace) {
        List<Object> params = new ArrayList<>();
        params.add(id);
        StringBuilder set = new StringBuilder();
        for (Column<F> column : columns) {
            if (replace || named.test(column.field())) {
                params.add(column.value().apply(fields));
                set.append(column.column()).append(" = $").append(params.size()).append(", ");
            }
        }
        params.add(OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        // it is shown in milliseconds: two updates within the same millisecond still move it forward
        set.append("updated_at = GREATEST($").append(params.size()).append(", updated_at + interval '1 millisecond')");
        return pool.preparedQuery("UPDATE " + table + " SET " + set + " WHERE id = $1").execute(Tuple.from(params))
                .map(rows -> rows.rowCount());
    }
}
