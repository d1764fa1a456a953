package org.onboarding.entitlement.common;

import io.vertx.pgclient.PgException;

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
}
