package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import java.util.UUID;

/** One run of one batch in this process; {@link #halt()} stops it starting new work, as a shutdown would. */
@RequiredArgsConstructor
final class RunHandle {

    final UUID batchId;
    final UUID runId;
    final boolean failedOnly;
    /** The run's item writes, grouped into multi-row statements. */
    final ItemWrites writes;
    private volatile boolean halted;
    /**
     * The items this run has claimed and not yet let go of (the chunk in work): what a heartbeat renews, by id, so
     * that a beat costs the chunk, not a walk over the batch's unfinished items.
     */
    final java.util.Set<UUID> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * The batch order ({@code seq}) of the last item claimed: the next claim starts after it. Claims run one after
     * another, so only the claiming step reads and moves it.
     */
    volatile long claimCursor;
    /** One heartbeat at a time: a slow database must not pile renewals up. */
    final java.util.concurrent.atomic.AtomicBoolean beatInProgress = new java.util.concurrent.atomic.AtomicBoolean();

    void halt() {
        halted = true;
    }

    boolean halted() {
        return halted;
    }

    /** Thrown at a step boundary of a halted run: the item is left as it is, its lease will expire. */
    static final class Halted extends RuntimeException {
        Halted() {
            super("run halted", null, false, false);
        }
    }

    /** The run no longer holds the item (its lease expired and a newer run claimed it). */
    static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super("claim lost", null, false, false);
        }
    }

    void checkpoint() {
        if (halted) {
            throw new Halted();
        }
    }
}
