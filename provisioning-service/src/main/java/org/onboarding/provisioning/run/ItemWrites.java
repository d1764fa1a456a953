package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.onboarding.provisioning.item.ProvisioningItemRepository;
import org.onboarding.provisioning.item.ProvisioningItemRepository.ItemProgress;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A run's item writes, grouped (README "Runs: writes per chunk"): the items in flight hand their progress here, and
 * it goes to the database as one multi-row {@code UPDATE} per group instead of one statement per item. A write goes
 * out at once when fewer than {@code maxInFlight} groups are on their way; otherwise it joins the next group, which
 * leaves as soon as one returns (group commit: no timer, so a lone item waits one round trip, as before, and under
 * load the groups grow by themselves). Each caller learns whether its own write took (the run still held the item).
 */
@RequiredArgsConstructor
final class ItemWrites {

    /** Rows per statement at most. */
    static final int MAX_GROUP = 256;

    private final ProvisioningItemRepository items;
    private final UUID runId;
    /**
     * Statements of one run on their way at once ({@code provisioning.run.writes-in-flight}): the pool has other
     * users (claims, heartbeats, other runs), and fewer statements in flight make each group larger.
     */
    private final int maxInFlight;
    private final List<Pending> waiting = new ArrayList<>();
    private int inFlight;

    /** Writes {@code progress}; true when it took, false when the run no longer holds the item. */
    Uni<Boolean> write(ItemProgress progress) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending> group;
            synchronized (this) {
                waiting.add(new Pending(progress, emitter));
                if (inFlight >= maxInFlight) {
                    return;
                }
                group = takeGroup();
            }
            send(group);
        });
    }

    /** Under the lock: the next group, counted as in flight. */
    private List<Pending> takeGroup() {
        int n = Math.min(waiting.size(), MAX_GROUP);
        List<Pending> group = new ArrayList<>(waiting.subList(0, n));
        waiting.subList(0, n).clear();
        inFlight++;
        return group;
    }

    private void send(List<Pending> group) {
        List<ItemProgress> rows = new ArrayList<>(group.size());
        group.forEach(pending -> rows.add(pending.progress));
        items.applyAll(runId, rows).subscribe().with(
                held -> {
                    next();
                    for (Pending pending : group) {
                        pending.emitter.complete(held.contains(pending.progress.id()));
                    }
                },
                failure -> {
                    next();
                    for (Pending pending : group) {
                        pending.emitter.fail(failure);
                    }
                });
    }

    private void next() {
        List<Pending> group = null;
        synchronized (this) {
            inFlight--;
            if (!waiting.isEmpty()) {
                group = takeGroup();
            }
        }
        if (group != null) {
            send(group);
        }
    }

    private record Pending(ItemProgress progress, UniEmitter<? super Boolean> emitter) {
    }

}
