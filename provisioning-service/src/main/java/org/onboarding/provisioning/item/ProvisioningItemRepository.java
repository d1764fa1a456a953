package org.onboarding.provisioning.item;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Items in SQL (reactive PostgreSQL client): the claim needs {@code UPDATE ... FROM (SELECT ... FOR UPDATE SKIP LOCKED)
 * RETURNING}, and every worker write is conditional on the run that holds the claim, so a worker that lost its lease
 * can never overwrite the newer run's progress. Values are always bound parameters.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ProvisioningItemRepository {

    private static final String SELECT = "SELECT " + ProvisioningItem.COLUMNS + " FROM provisioning_item ";

    private final Pool pool;

    /**
     * Inserts the items in one statement; {@code seq} (an identity column) numbers them in the order given, which is
     * the batch order, so all of them can share one {@code created_at}. Identities already in the batch are left as
     * they are. Returns how many rows were new.
     */
    public Uni<Integer> insertAll(SqlClient client, UUID batchId, List<ItemInput> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = items.size();
        UUID[] ids = new UUID[n];
        UUID[] identities = new UUID[n];
        String[][] text = new String[8][n];
        for (int i = 0; i < n; i++) {
            ItemInput item = items.get(i);
            ids[i] = UUID.randomUUID();
            identities[i] = item.identityId();
            text[0][i] = item.domain();
            text[1][i] = item.establishmentId();
            text[2][i] = item.externalId();
            text[3][i] = item.firstname();
            text[4][i] = item.lastname();
            text[5][i] = item.email();
            text[6][i] = item.rolePrincipalCode();
            text[7][i] = item.language();
        }
        // every target of the batch starts PENDING on the item
        String sql = "INSERT INTO provisioning_item (id, provisioning_batch_id, identity_id, domain, establishment_id, "
                + "external_id, firstname, lastname, email, role_principal_code, language, prov_status, targets, "
                + "created_at, updated_at) "
                + "SELECT u.id, $1, u.identity_id, u.domain, u.establishment_id, u.external_id, u.firstname, u.lastname, "
                + "u.email, u.role, u.language, 'ENQUEUED', "
                + "(SELECT jsonb_object_agg(t, jsonb_build_object('status', 'PENDING')) FROM provisioning_batch b, "
                + "unnest(b.targets) t WHERE b.id = $1), now(), now() "
                + "FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
                + "$9::text[], $10::text[], $11::text[]) WITH ORDINALITY "
                + "AS u(id, identity_id, domain, establishment_id, external_id, firstname, lastname, email, role, "
                + "language, ord) "
                + "ORDER BY u.ord ON CONFLICT (provisioning_batch_id, identity_id) DO NOTHING";
        Tuple args = Tuple.of(batchId, ids, identities).addArrayOfString(text[0]).addArrayOfString(text[1])
                .addArrayOfString(text[2]).addArrayOfString(text[3]).addArrayOfString(text[4])
                .addArrayOfString(text[5]).addArrayOfString(text[6]).addArrayOfString(text[7]);
        return client.preparedQuery(sql).execute(args).map(RowSet::rowCount);
    }

    public Uni<ProvisioningItem> find(UUID id) {
        return pool.preparedQuery(SELECT + "WHERE id = $1").execute(Tuple.of(id)).map(ProvisioningItemRepository::first);
    }

    public Uni<ProvisioningItem> findByIdentity(UUID batchId, UUID identityId) {
        return pool.preparedQuery(SELECT + "WHERE provisioning_batch_id = $1 AND identity_id = $2")
                .execute(Tuple.of(batchId, identityId)).map(ProvisioningItemRepository::first);
    }

    /** A page of a batch's items in batch order ({@link ItemQuery}: filters, offset or keyset). */
    public Uni<List<ProvisioningItem>> page(ItemQuery query) {
        return pool.preparedQuery(query.sql()).execute(query.args()).map(ProvisioningItemRepository::all);
    }

    // counted in the database along provisioning_item_unfinished_idx: the rows never reach this process
    static final String COUNT_UNFINISHED = "SELECT count(*) FROM provisioning_item WHERE provisioning_batch_id = $1 "
            + "AND completed_at IS NULL AND (NOT $2 OR prov_status = 'ERROR')";

    /** The items a dry run previews, in batch order: unfinished ones, or only those in ERROR. */
    public Uni<List<ProvisioningItem>> unfinished(UUID batchId, boolean failedOnly) {
        return pool.preparedQuery(SELECT + "WHERE provisioning_batch_id = $1 AND completed_at IS NULL "
                        + "AND (NOT $2 OR prov_status = 'ERROR') ORDER BY seq")
                .execute(Tuple.of(batchId, failedOnly)).map(ProvisioningItemRepository::all);
    }

    /** How many items a run would process: unfinished ones, or only those in ERROR. */
    public Uni<Long> countUnfinished(UUID batchId, boolean failedOnly) {
        return pool.preparedQuery(COUNT_UNFINISHED).execute(Tuple.of(batchId, failedOnly))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    // the counts the database keeps with every write to the items (V8): a few rows per batch, whatever its size
    static final String COUNTS = "SELECT provisioning_batch_id, prov_status, sum(n)::bigint AS n FROM provisioning_item_count "
            + "WHERE provisioning_batch_id = ANY($1) GROUP BY provisioning_batch_id, prov_status HAVING sum(n) <> 0";

    /** Per-status counts for each of the given batches, keyed by the statuses' API names; exact, never scanned. */
    public Uni<Map<UUID, Map<String, Long>>> counts(List<UUID> batchIds) {
        if (batchIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(COUNTS)
                .execute(Tuple.of(batchIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Map<String, Long>> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.computeIfAbsent(row.getUUID("provisioning_batch_id"), k -> new HashMap<>())
                                .put(ProvStatus.valueOf(row.getString("prov_status")).apiName(), row.getLong("n"));
                    }
                    return counts;
                });
    }

    // in batch order along provisioning_item_unfinished_idx (V5), from the run's cursor ($6, README "Runs: the
    // claim's cursor"): a claim reads its chunk, not the whole batch, nor the index entries that the items finished
    // since the last vacuum left behind it
    static final String CLAIM = "UPDATE provisioning_item i SET run_id = $2, attempts = i.attempts + 1, "
            + "updated_at = now(), lease_until = now() + ($4::int * interval '1 second') "
            + "FROM (SELECT id FROM provisioning_item WHERE provisioning_batch_id = $1 AND completed_at IS NULL "
            + "AND seq > $6 AND (NOT $3 OR prov_status = 'ERROR') AND run_id IS DISTINCT FROM $2 "
            + "AND (lease_until IS NULL OR lease_until < now()) "
            + "ORDER BY seq LIMIT $5::int FOR UPDATE SKIP LOCKED) c WHERE i.id = c.id RETURNING "
            + prefixed("i.");

    /**
     * Claims up to {@code limit} items for the run: unfinished (or only ERROR) items that no live lease holds and
     * that this run has not already attempted. {@code SKIP LOCKED} lets concurrent claimers take disjoint rows;
     * an expired lease (the holder crashed) makes the item claimable again. The claim counts each item's first
     * attempt of this run (one statement per chunk instead of one per item); retries count theirs with
     * {@link #recordAttempt}. Only items after {@code afterSeq} in batch order are taken (0: from the start).
     */
    public Uni<List<ProvisioningItem>> claim(UUID batchId, UUID runId, boolean failedOnly, int leaseSeconds, int limit,
                                             long afterSeq) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(batchId, runId, failedOnly, leaseSeconds, limit, afterSeq))
                .map(ProvisioningItemRepository::all);
    }

    /** Counts one more attempt and reads the item in the same statement; null when the run no longer holds it. */
    public Uni<ProvisioningItem> recordAttempt(UUID id, UUID runId) {
        return pool.preparedQuery("UPDATE provisioning_item SET attempts = attempts + 1, updated_at = now() "
                        + "WHERE id = $1 AND run_id = $2 RETURNING " + ProvisioningItem.COLUMNS)
                .execute(Tuple.of(id, runId)).map(ProvisioningItemRepository::first);
    }

    public Uni<Boolean> setUsername(SqlClient client, UUID id, UUID runId, String username) {
        return client.preparedQuery("UPDATE provisioning_item SET account_username = $3, updated_at = now() "
                        + "WHERE id = $1 AND run_id = $2 AND account_username IS NULL")
                .execute(Tuple.of(id, runId, username)).map(rows -> rows.rowCount() == 1);
    }

    /** {@link #setUsername} for many items in one statement; returns the ids whose name was recorded. */
    public Uni<java.util.Set<UUID>> setUsernames(SqlClient client, UUID runId, Map<UUID, String> names) {
        return client.preparedQuery("UPDATE provisioning_item i SET account_username = u.name, updated_at = now() "
                        + "FROM unnest($2::uuid[], $3::text[]) AS u(id, name) "
                        + "WHERE i.id = u.id AND i.run_id = $1 AND i.account_username IS NULL RETURNING i.id")
                .execute(Tuple.of(runId, names.keySet().toArray(UUID[]::new), names.values().toArray(String[]::new)))
                .map(rows -> {
                    java.util.Set<UUID> set = new java.util.HashSet<>();
                    rows.forEach(row -> set.add(row.getUUID(0)));
                    return set;
                });
    }

    /** The item's name changes: the target refused the previous one (taken there). */
    public Uni<Boolean> replaceUsername(SqlClient client, UUID id, UUID runId, String username) {
        return client.preparedQuery("UPDATE provisioning_item SET account_username = $3, updated_at = now() "
                        + "WHERE id = $1 AND run_id = $2")
                .execute(Tuple.of(id, runId, username)).map(rows -> rows.rowCount() == 1);
    }

    /** The identity exists in the target (created or matched) under {@code username}: the item shows that name. */
    public Uni<Boolean> markInTarget(SqlClient client, UUID id, UUID runId, ProvStatus status, String accountId,
                                     String username) {
        return client.preparedQuery("UPDATE provisioning_item SET prov_status = $3, account_id = $4, account_username = $5, "
                        + "last_error = NULL, updated_at = now() WHERE id = $1 AND run_id = $2")
                .execute(Tuple.of(id, runId, status.name(), accountId, username)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Heartbeat of a live run: the items it holds ({@code ids}, the chunk in work) stay claimed for another lease, those
     * still unfinished and still its own. By id: a beat reads its chunk, not the batch's unfinished items.
     */
    public Uni<Integer> renewLeases(UUID runId, List<UUID> ids, int leaseSeconds) {
        // SKIP LOCKED: a row locked now is being written by this run's grouped writes, which lock many rows in no
        // particular order; waiting for it could deadlock, and the next beat renews it if it is still unfinished
        return pool.preparedQuery("UPDATE provisioning_item SET lease_until = now() + ($3::int * interval '1 second') "
                        + "WHERE id IN (SELECT id FROM provisioning_item WHERE id = ANY($2) AND run_id = $1 "
                        + "AND completed_at IS NULL AND lease_until IS NOT NULL FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(runId, ids.toArray(UUID[]::new), leaseSeconds)).map(RowSet::rowCount);
    }

    /**
     * Called by a run that has just taken the batch over: the batch lease lapsed, so the run that claimed these items
     * is dead, and its item leases (which lapse at about the same time) need not be waited for. Its late writes, if
     * any, are refused anyway: they are conditional on its run id.
     */
    public Uni<Integer> releaseClaimsOfOtherRuns(UUID batchId, UUID runId) {
        return pool.preparedQuery("UPDATE provisioning_item SET lease_until = NULL WHERE provisioning_batch_id = $1 "
                        + "AND run_id IS DISTINCT FROM $2 AND completed_at IS NULL AND lease_until IS NOT NULL")
                .execute(Tuple.of(batchId, runId)).map(RowSet::rowCount);
    }

    public Uni<Boolean> markError(UUID id, UUID runId, String error) {
        return update("UPDATE provisioning_item SET prov_status = 'ERROR', last_error = $3, lease_until = NULL, "
                + "updated_at = now() WHERE id = $1 AND run_id = $2", Tuple.of(id, runId, error));
    }

    /**
     * Merges {@code fields} into the item's outcome for {@code target} (README "Targets": status, external_id,
     * last_error and the target's own details); conditional on the run like every worker write.
     */
    public Uni<Boolean> recordTarget(UUID id, UUID runId, String target, Map<String, Object> fields) {
        return update("UPDATE provisioning_item SET targets = jsonb_set(targets, ARRAY[$3::text], "
                        + "coalesce(targets -> $3, '{}'::jsonb) || $4::jsonb), updated_at = now() "
                        + "WHERE id = $1 AND run_id = $2",
                Tuple.of(id, runId, target, new io.vertx.core.json.JsonObject(fields)));
    }

    // one statement for many items' writes (README "Runs: writes per chunk"): each row of the unnest is one item's
    // change, conditional on the run like every worker write; null fields leave the column as it is
    static final String APPLY = "UPDATE provisioning_item i SET prov_status = u.status, "
            + "account_id = coalesce(u.account_id, i.account_id), "
            + "account_username = coalesce(u.username, i.account_username), last_error = NULL, "
            + "targets = CASE WHEN u.target IS NULL THEN i.targets ELSE jsonb_set(i.targets, ARRAY[u.target], "
            + "coalesce(i.targets -> u.target, '{}'::jsonb) || u.fields::jsonb) END, "
            + "completed_at = CASE WHEN u.done THEN now() ELSE i.completed_at END, "
            + "lease_until = CASE WHEN u.done THEN NULL ELSE i.lease_until END, updated_at = now() "
            + "FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[]) "
            + "AS u(id, status, account_id, username, target, fields, done) "
            + "WHERE i.id = u.id AND i.run_id = $1 RETURNING i.id";

    /**
     * Applies many items' progress in one statement (and so one run of the count triggers). Returns the ids whose
     * write took: an item missing from it is no longer held by {@code runId}. At most one write per item.
     */
    public Uni<java.util.Set<UUID>> applyAll(UUID runId, List<ItemProgress> writes) {
        int n = writes.size();
        UUID[] ids = new UUID[n];
        String[][] text = new String[5][n];
        Boolean[] done = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ItemProgress w = writes.get(i);
            ids[i] = w.id();
            text[0][i] = w.status().name();
            text[1][i] = w.accountId();
            text[2][i] = w.username();
            text[3][i] = w.target();
            text[4][i] = w.fields() == null ? null : new io.vertx.core.json.JsonObject(w.fields()).encode();
            done[i] = w.done();
        }
        Tuple args = Tuple.of(runId, ids).addArrayOfString(text[0]).addArrayOfString(text[1])
                .addArrayOfString(text[2]).addArrayOfString(text[3]).addArrayOfString(text[4]).addArrayOfBoolean(done);
        return pool.preparedQuery(APPLY).execute(args).map(rows -> {
            java.util.Set<UUID> held = new java.util.HashSet<>();
            for (Row row : rows) {
                held.add(row.getUUID(0));
            }
            return held;
        });
    }

    /**
     * One item's progress as {@link #applyAll} writes it: its status, the account it reached (null: unchanged), the
     * outcome fields to merge into one target's entry (null: none), and whether the item is finished.
     */
    public record ItemProgress(UUID id, ProvStatus status, String accountId, String username, String target,
                               Map<String, Object> fields, boolean done) {
    }

    private Uni<Boolean> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() == 1);
    }

    private static String prefixed(String alias) {
        StringBuilder out = new StringBuilder();
        for (String column : ProvisioningItem.COLUMNS.split(",\\s*")) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(alias).append(column);
        }
        return out.toString();
    }

    private static ProvisioningItem first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? ProvisioningItem.from(it.next()) : null;
    }

    private static List<ProvisioningItem> all(RowSet<Row> rows) {
        List<ProvisioningItem> items = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            items.add(ProvisioningItem.from(row));
        }
        return items;
    }
}
