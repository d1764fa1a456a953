package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** INSERTs of named entities: the unique name index decides duplicates, reported as upstream does for identities. */
public final class Creates {

    private Creates() {
    }

    public static Uni<String> insertNamed(Pool pool, String sql, Tuple params, String id, String nameIndex, String name) {
        return pool.preparedQuery(sql).execute(params)
                .map(rows -> id)
                .onFailure(e -> Failures.violates(e, nameIndex))
                .transform(e -> ApiException.couldNotValidate("name", "duplicate value in unique index", name));
    }
}
