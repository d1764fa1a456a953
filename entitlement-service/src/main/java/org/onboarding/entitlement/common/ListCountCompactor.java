package org.onboarding.entitlement.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Folds the delta rows the list-count triggers append into one row per count (see README, List counts). Counts are
 * exact with or without it; it only keeps the delta table small. One instance at a time folds (advisory lock), and
 * only committed deltas are moved, in one transaction.
 */
@ApplicationScoped
public class ListCountCompactor {

    private static final Logger LOG = Logger.getLogger(ListCountCompactor.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Duration interval;
    private long timer = -1;

    public ListCountCompactor(Pool pool, Vertx vertx,
                              @ConfigProperty(name = "entitlement.list-count.compact-interval", defaultValue = "5s") Duration interval) {
        this.pool = pool;
        this.vertx = vertx;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> compact().subscribe().with(
                moved -> { }, e -> LOG.debugf("List count compaction skipped: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Moves the committed deltas into {@code list_count}; the number of counts changed. */
    public Uni<Integer> compact() {
        return pool.withTransaction(conn -> conn.query("SELECT pg_try_advisory_xact_lock(hashtext('list_count'))").execute()
                .flatMap(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0)
                        : conn.query("WITH moved AS (DELETE FROM list_count_delta RETURNING relation, field, value, n) "
                                + "INSERT INTO list_count (relation, field, value, n) "
                                + "SELECT relation, field, value, sum(n) FROM moved GROUP BY relation, field, value "
                                + "ON CONFLICT (relation, field, value) DO UPDATE SET n = list_count.n + EXCLUDED.n "
                                + "RETURNING relation, field, value, n").execute()
                        .call(changed -> dropZeros(conn, changed))
                        .map(io.vertx.mutiny.sqlclient.SqlResult::rowCount)));
    }

    /** Counts that reached zero are removed, only among those just changed (no scan of the whole table). */
    private static Uni<Void> dropZeros(io.vertx.mutiny.sqlclient.SqlConnection conn, io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> changed) {
        java.util.List<String> relations = new java.util.ArrayList<>();
        java.util.List<String> fields = new java.util.ArrayList<>();
        java.util.List<String> values = new java.util.ArrayList<>();
        for (io.vertx.mutiny.sqlclient.Row r : changed) {
            if (r.getLong(3) == 0) {
                relations.add(r.getString(0));
                fields.add(r.getString(1));
                values.add(r.getString(2));
            }
        }
        if (relations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("DELETE FROM list_count WHERE n = 0 AND (relation, field, value) IN "
                        + "(SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(relations.toArray(new String[0]), fields.toArray(new String[0]),
                        values.toArray(new String[0])))
                .replaceWithVoid();
    }
}
