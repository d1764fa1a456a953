package org.onboarding.provisioning.run;

import io.smallrye.mutiny.Uni;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.item.ProvisioningItemRepository.ItemProgress;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A run's item writes, grouped (README "Runs: writes per chunk"): the items in flight hand their progress here, and
 * it goes to the database as one multi-row {@code UPDATE} per group instead of one statement per item
 * ({@link GroupCommit}). Each caller learns whether its own write took (the run still held the item).
 */
final class ItemWrites {

    /** Rows per statement at most. */
    static final int MAX_GROUP = 256;

    private final GroupCommit<ItemProgress, Boolean> groups;

    /**
     * {@code maxInFlight}: statements of one run on their way at once ({@code provisioning.run.writes-in-flight}):
     * the pool has other users (claims, heartbeats, other runs), and fewer statements in flight make each group larger.
     */
    ItemWrites(ProvisioningItemRepository items, UUID runId, int maxInFlight) {
        this.groups = new GroupCommit<>(maxInFlight, MAX_GROUP, progress -> 1,
                rows -> items.applyAll(runId, rows).map(held -> took(rows, held)));
    }

    /** Writes {@code progress}; true when it took, false when the run no longer holds the item. */
    Uni<Boolean> write(ItemProgress progress) {
        return groups.submit(progress);
    }

    private static List<Boolean> took(List<ItemProgress> rows, Set<UUID> held) {
        List<Boolean> took = new ArrayList<>(rows.size());
        rows.forEach(row -> took.add(held.contains(row.id())));
        return took;
    }
}
