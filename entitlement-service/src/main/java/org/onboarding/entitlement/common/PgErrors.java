package org.onboarding.entitlement.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** PostgreSQL's answers the registries turn into FOLIO errors. */
public final class PgErrors {

    private PgErrors() {
    }

    /** A row is still referenced (SQLSTATE 23503): a RESTRICT foreign key refused a delete. */
    public static boolean violated(Throwable e) {
        return e instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    /** A unique index refused a row (SQLSTATE 23505). */
    public static boolean duplicate(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /**
     * Deletes one registry row that RESTRICT foreign keys may protect: the database decides. When it refuses,
     * {@code dependentsSql} (one text column, same parameter) names what still depends on the row for the error; if
     * that is gone meanwhile (a revoke finished in between), the delete is simply tried once more.
     */
    public static Uni<Void> restrictedDelete(Pool pool, String deleteSql, String dependentsSql, Object id,
                                             Supplier<ApiException> notFound, Function<List<String>, ApiException> inUse) {
        return restrictedDelete(pool, deleteSql, dependentsSql, id, notFound, inUse, true);
    }

    private static Uni<Void> restrictedDelete(Pool pool, String deleteSql, String dependentsSql, Object id,
                                              Supplier<ApiException> notFound, Function<List<String>, ApiException> inUse,
                                              boolean again) {
        return pool.preparedQuery(deleteSql).execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound.get();
                    }
                    return (Void) null;
                })
                .onFailure(PgErrors::violated).recoverWithUni(refused -> pool.preparedQuery(dependentsSql)
                        .execute(Tuple.of(id)).flatMap(rows -> {
                            List<String> dependents = new ArrayList<>();
                            rows.forEach(r -> dependents.add(r.getString(0)));
                            if (dependents.isEmpty() && again) {
                                return restrictedDelete(pool, deleteSql, dependentsSql, id, notFound, inUse, false);
                            }
                            return Uni.createFrom().failure(inUse.apply(dependents));
                        }));
    }
}
