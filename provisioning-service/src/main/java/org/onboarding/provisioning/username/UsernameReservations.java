package org.onboarding.provisioning.username;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Usernames handed out for good. The per-base counter row is taken with an atomic upsert (it also serialises
 * homonyms), and the reservation's primary key is the final word: should a name exist already (e.g. {@code a.b1}
 * + {@code 001} against {@code a.b} + {@code 1001}), the insert does nothing and the next counter is tried.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class UsernameReservations {

    private static final int MAX_TRIES = 10_000;

    private final Pool pool;

    /** Reserves the next free name of {@code base} for {@code itemId}, inside the caller's transaction. */
    public Uni<String> reserve(SqlClient tx, String base, UUID itemId) {
        // an item keeps the name it was given once (a retried or resumed item must not consume a second one)
        return tx.preparedQuery("SELECT username FROM username_reservation WHERE item_id = $1").execute(Tuple.of(itemId))
                .chain(rows -> rows.iterator().hasNext()
                        ? Uni.createFrom().item(rows.iterator().next().getString("username"))
                        : reserve(tx, base, itemId, 0));
    }

    /**
     * {@link #reserve(SqlClient, String, UUID)} for many items at once, in a few statements whatever their number:
     * {@code bases} maps each item to its base, in the order the names are handed out (homonyms get their counters
     * in that order). Items that hold a name already keep it; the counters of all bases move in one upsert (in key
     * order, like every writer of those rows); the names go in with one insert, and an item whose name turns out to
     * be taken (only a name of another base can collide, e.g. {@code a.b1} + {@code 001}) gets its own
     * {@link #reserve} after. Returns the name of every item.
     */
    public Uni<Map<UUID, String>> reserveAll(SqlClient tx, LinkedHashMap<UUID, String> bases) {
        Map<UUID, String> names = new HashMap<>();
        if (bases.isEmpty()) {
            return Uni.createFrom().item(names);
        }
        return tx.preparedQuery("SELECT item_id, username FROM username_reservation WHERE item_id = ANY($1)")
                .execute(Tuple.of(bases.keySet().toArray(UUID[]::new)))
                .chain(held -> {
                    held.forEach(row -> names.put(row.getUUID("item_id"), row.getString("username")));
                    Map<String, Integer> perBase = new TreeMap<>();
                    bases.forEach((id, base) -> {
                        if (!names.containsKey(id)) {
                            perBase.merge(base, 1, Integer::sum);
                        }
                    });
                    if (perBase.isEmpty()) {
                        return Uni.createFrom().item(names);
                    }
                    return tx.preparedQuery("INSERT INTO username_counter AS c (base, next) "
                                    + "SELECT b, k + 1 FROM unnest($1::text[], $2::int[]) AS u(b, k) ORDER BY b "
                                    + "ON CONFLICT (base) DO UPDATE SET next = c.next + excluded.next - 1 "
                                    + "RETURNING base, next")
                            .execute(Tuple.of(perBase.keySet().toArray(String[]::new),
                                    perBase.values().toArray(Integer[]::new)))
                            .chain(counters -> {
                                Map<String, Integer> next = new HashMap<>();
                                counters.forEach(row -> next.put(row.getString("base"),
                                        row.getInteger("next") - perBase.get(row.getString("base"))));
                                Map<UUID, String> wanted = new LinkedHashMap<>();
                                bases.forEach((id, base) -> {
                                    if (!names.containsKey(id)) {
                                        wanted.put(id, UsernameRules.withCounter(base, next.merge(base, 1, Integer::sum) - 1));
                                    }
                                });
                                return tx.preparedQuery("INSERT INTO username_reservation (username, base, item_id) "
                                                + "SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) "
                                                + "ON CONFLICT DO NOTHING RETURNING item_id, username")
                                        .execute(Tuple.of(wanted.values().toArray(String[]::new),
                                                wanted.keySet().stream().map(bases::get).toArray(String[]::new),
                                                wanted.keySet().toArray(UUID[]::new)))
                                        .chain(inserted -> {
                                            inserted.forEach(row -> names.put(row.getUUID("item_id"),
                                                    row.getString("username")));
                                            // the rare collision: that item takes the next free name on its own
                                            Uni<Void> rest = Uni.createFrom().voidItem();
                                            for (UUID id : wanted.keySet()) {
                                                if (!names.containsKey(id)) {
                                                    rest = rest.chain(() -> reserve(tx, bases.get(id), id, 0)
                                                            .invoke(name -> names.put(id, name)).replaceWithVoid());
                                                }
                                            }
                                            return rest.map(ignored -> names);
                                        });
                            });
                });
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
