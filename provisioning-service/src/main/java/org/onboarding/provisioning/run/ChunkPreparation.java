package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.provisioning.batch.BatchView;
import org.onboarding.provisioning.batch.ProvisioningBatchRepository;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.target.ProvisioningTarget;
import org.onboarding.provisioning.target.ProvisioningTarget.TargetAccount;
import org.onboarding.provisioning.target.ZitiProvisioningTarget;
import org.onboarding.provisioning.username.UsernameReservations;
import org.onboarding.provisioning.username.UsernameRules;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage before a chunk's items go through {@link ItemProcessor}: the batch read once, the people looked up in
 * the target, and the usernames of the new ones reserved in batch order.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ChunkPreparation {

    private static final Logger LOG = Logger.getLogger(ChunkPreparation.class);

    private final ProvisioningItemRepository items;
    private final UsernameReservations reservations;
    private final ProvisioningTarget target;
    private final Pool pool;
    private final RunConfig config;
    private final ProvisioningBatchRepository batches;

    /**
     * Prepares a chunk before its items are worked on concurrently. First every new item's person is looked up in
     * the target by external id (concurrently): a person who exists already keeps the name they have there and
     * reserves nothing. Then the others get their usernames one after another in batch order, in one transaction:
     * homonyms get {@code 001}, {@code 002}... in the order of the batch (what the dry run predicted), not in the
     * order the workers happen to reach them. Returns the lookups that answered, by item id; an item left without a
     * name or lookup here (the target or this transaction failed) is handled by its own pipeline.
     */
    Uni<Prepared> prepare(List<ProvisioningItem> chunk, RunHandle run) {
        return batches.view(run.batchId).chain(batch -> batch == null || batch.targets(ItemProcessor.ZITI)
                ? prepareZiti(chunk, run).map(found -> new Prepared(batch, found.lookups, found.names))
                : Uni.createFrom().item(new Prepared(batch, Map.of(), Map.of())));
    }

    /**
     * What {@link #prepare} did for a chunk: the batch (read once per chunk, not per item), the target lookups that
     * answered and the usernames recorded, by item id.
     */
    record Prepared(BatchView batch, Map<UUID, Optional<TargetAccount>> lookups, Map<UUID, String> names) {

        /** The claimed item as prepare left it: with the username it recorded, if any. */
        ProvisioningItem item(ProvisioningItem claimed) {
            String name = names.get(claimed.id());
            return name == null ? claimed : claimed.withAccountUsername(name);
        }
    }

    private record ZitiPrepared(Map<UUID, Optional<TargetAccount>> lookups, Map<UUID, String> names) {
    }

    private Uni<ZitiPrepared> prepareZiti(List<ProvisioningItem> chunk, RunHandle run) {
        Map<UUID, Optional<TargetAccount>> found = new ConcurrentHashMap<>();
        List<ProvisioningItem> toLookUp = chunk.stream().filter(item -> item.accountId() == null).toList();
        // one call per slice of the chunk, not one per person; a slice whose call fails leaves its items to look
        // themselves up
        Uni<Void> lookups = toLookUp.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(slices(toLookUp))
                .onItem().transformToUni(slice -> target.findByExternalIds(slice.stream()
                                .map(ProvisioningItem::externalId).distinct().toList())
                        .invoke(accounts -> slice.forEach(item ->
                                found.put(item.id(), Optional.ofNullable(accounts.get(item.externalId())))))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem((Void) null))
                .merge(config.concurrency())
                .collect().last().replaceWithVoid();
        return lookups.chain(() -> reserveInOrder(chunk.stream()
                        .filter(item -> item.accountUsername() == null && item.accountId() == null)
                        .filter(item -> !found.getOrDefault(item.id(), Optional.empty()).isPresent())
                        .filter(item -> UsernameRules.base(item.firstname(), item.lastname(), item.email()).isPresent())
                        .sorted(BATCH_ORDER)
                        .toList(), run))
                .map(names -> new ZitiPrepared(found, names));
    }

    /** External id characters per lookup call: the filter travels in the URL, which servers cap (4 KiB in Vert.x). */
    static final int MAX_LOOKUP_CHARS = ZitiProvisioningTarget.MAX_LOOKUP_CHARS;

    /** The items in slices of one lookup call each: at most {@link ZitiProvisioningTarget#MAX_LOOKUP} of them and
     * {@link #MAX_LOOKUP_CHARS} characters of external ids (a single longer one goes alone). */
    static List<List<ProvisioningItem>> slices(List<ProvisioningItem> items) {
        List<List<ProvisioningItem>> slices = new java.util.ArrayList<>();
        List<ProvisioningItem> slice = new java.util.ArrayList<>();
        int chars = 0;
        for (ProvisioningItem item : items) {
            int length = item.externalId().length();
            if (!slice.isEmpty() && (slice.size() == ZitiProvisioningTarget.MAX_LOOKUP || chars + length > MAX_LOOKUP_CHARS)) {
                slices.add(slice);
                slice = new java.util.ArrayList<>();
                chars = 0;
            }
            slice.add(item);
            chars += length;
        }
        if (!slice.isEmpty()) {
            slices.add(slice);
        }
        return slices;
    }

    /** The names recorded, by item id: all of them once the transaction committed, none when it failed. */
    private Uni<Map<UUID, String>> reserveInOrder(List<ProvisioningItem> pending, RunHandle run) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        LinkedHashMap<UUID, String> bases = new LinkedHashMap<>();
        pending.forEach(item -> bases.put(item.id(),
                UsernameRules.base(item.firstname(), item.lastname(), item.email()).orElseThrow()));
        Map<UUID, String> names = new ConcurrentHashMap<>();
        return pool.withTransaction(tx -> reservations.reserveAll(tx, bases)
                        .chain(reserved -> items.setUsernames(tx, run.runId, reserved)
                                .invoke(recorded -> recorded.forEach(id -> names.put(id, reserved.get(id))))))
                .map(ignored -> names)
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf(e, "reserving the usernames of a chunk of run %s failed; items reserve their own", run.runId);
                    return Uni.createFrom().item(Map.<UUID, String>of());
                });
    }

    /** The order items were given in. */
    static final Comparator<ProvisioningItem> BATCH_ORDER = Comparator.comparingLong(ProvisioningItem::seq);
}
