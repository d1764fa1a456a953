package org.onboarding.provisioning.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How runs process items ({@code provisioning.run.*}). */
@ConfigMapping(prefix = "provisioning.run")
public interface RunConfig {

    /** Items of one chunk in flight at once (so a run has up to {@code concurrency × chunksInWork} in flight). */
    @WithDefault("8")
    int concurrency();

    /** Items claimed per round trip. */
    @WithDefault("32")
    int chunkSize();

    /**
     * Chunks of one run in work at once: with 2, the next chunk is claimed and prepared (lookups, usernames) while
     * the previous one's last items finish, instead of after them. Claims and preparations stay one after another,
     * in batch order.
     */
    @WithDefault("2")
    int chunksInWork();

    /** Grouped item-write statements of one run on their way at once (run/ItemWrites). */
    @WithDefault("1")
    int writesInFlight();

    /**
     * How long a claim (batch or item) lasts without renewal; after that a crashed run's work is taken over. The live
     * run renews it every {@link #heartbeat()}, so a run after a crash waits at most this long.
     */
    @WithDefault("PT30S")
    Duration lease();

    /** How often a live run renews its leases; well under {@link #lease()}. */
    @WithDefault("PT10S")
    Duration heartbeat();

    /** Attempts per item and run for transient failures (the first one included). */
    @WithDefault("4")
    int maxAttempts();

    @WithDefault("PT0.5S")
    Duration backoffInitial();

    @WithDefault("PT30S")
    Duration backoffMax();
}
