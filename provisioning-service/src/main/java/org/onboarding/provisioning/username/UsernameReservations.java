package org.onboarding.provisioning.username;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Usernames handed out for good. The per-base counter row is taken with an atomic upsert (it also serialises
 * homonyms), and the reservation's primary key is the final word: should a name exist already (e.g. {@code a.b1}
 * + {@code 001} against {@code a.b} + {@code 1001}), the insert does nothing and the next counter is tried.
 */
@ApplicationScoped
public class UsernameReservations {

    private static final int MAX_TRIES = 10_000;

    private final Pool pool;

    public UsernameReservations(Pool pool) {
        this.pool = pool;
    }

    /** Reserves the next free name of {@code base} for {@code itemId}, inside the caller's transaction. */
    public Uni<String> reserve(SqlClient tx, String base, UUID itemId) {
        // an item keeps the name it was given once (a retried or resumed item must not consume a second one)
        return tx.preparedQuery("SELECT username FROM username_reservation WHERE item_id = $1").execute(Tuple.of(itemId))
                .chain(rows -> rows.iterator().hasNext()
                        ? Uni.createFrom().item(rows.iterator().next().getString("username"))
                        : reserve(tx, base, itemId, 0));
    }

    /**
     * The target already has an identity named {@code taken} (someone else): that name stays reserved, for nobody,
     * and the item gets the next free name of its base.
     */
    public Uni<String> reserveAnother(SqlClient tx, String base, UUID itemId, String taken) {
        return tx.preparedQuery("INSERT INTO username_reservation (username, base, item_id) VALUES ($1, $2, NULL) "
                        + "ON CONFLICT (username) DO UPDATE SET item_id = NULL")
                .execute(Tuple.of(taken, base))
                .chain(() -> tx.preparedQuery("UPDATE username_reservation SET item_id = NULL WHERE item_id = $1")
                        .execute(Tuple.of(itemId)))
                .chain(() -> reserve(tx, base, itemId, 0));
    }

    /**
     * The item matched an existing identity named {@code name}: the item holds that name (if nobody holds it here
     * yet) and gives back the one reserved for it earlier, never used in the target.
     */
    public Uni<Void> adopt(SqlClient tx, String name, UUID itemId) {
        return tx.preparedQuery("DELETE FROM username_reservation WHERE item_id = $1 AND username <> $2")
                .execute(Tuple.of(itemId, name))
                .chain(() -> tx.preparedQuery("INSERT INTO username_reservation (username, base, item_id) "
                        + "VALUES ($1, $1, $2) ON CONFLICT DO NOTHING").execute(Tuple.of(name, itemId)))
                .replaceWithVoid();
    }

    /** Reserves in its own transaction (what each concurrent worker does). */
    public Uni<String> reserve(String base, UUID itemId) {
        return pool.withTransaction(tx -> reserve(tx, base, itemId));
    }

    private Uni<String> reserve(SqlClient tx, String base, UUID itemId, int tries) {
        if (tries >= MAX_TRIES) {
            return Uni.createFrom().failure(new IllegalStateException("no free username for base " + base));
        }
        return tx.preparedQuery("INSERT INTO username_counter (base, next) VALUES ($1, 2) "
                        + "ON CONFLICT (base) DO UPDATE SET next = username_counter.next + 1 RETURNING next - 1 AS n")
                .execute(Tuple.of(base))
                .map(rows -> rows.iterator().next().getInteger("n"))
                .chain(n -> tx.preparedQuery("INSERT INTO username_reservation (username, base, item_id) "
                                + "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING username")
                        .execute(Tuple.of(UsernameRules.withCounter(base, n), base, itemId)))
                .chain(rows -> rows.iterator().hasNext()
                        ? Uni.createFrom().item(rows.iterator().next().getString("username"))
                        : reserve(tx, base, itemId, tries + 1));
    }

    /** The name a reservation would hand out now, without reserving it (generate-username only proposes). */
    public Uni<String> propose(String base) {
        return nextCounter(base).chain(n -> firstFree(base, n, 0));
    }

    /** The counter the next reservation of {@code base} would start from. */
    public Uni<Integer> nextCounter(String base) {
        return pool.preparedQuery("SELECT next FROM username_counter WHERE base = $1").execute(Tuple.of(base))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getInteger("next") : 1);
    }

    private Uni<String> firstFree(String base, int n, int tries) {
        String candidate = UsernameRules.withCounter(base, n);
        if (tries >= MAX_TRIES) {
            return Uni.createFrom().item(candidate);
        }
        return pool.preparedQuery("SELECT 1 FROM username_reservation WHERE username = $1").execute(Tuple.of(candidate))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(candidate) : firstFree(base, n + 1, tries + 1));
    }
}
