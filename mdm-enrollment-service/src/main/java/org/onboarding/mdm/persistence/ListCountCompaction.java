package org.onboarding.mdm.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Folds the list counts' deltas into one row per scope now and then (the database function
 * {@code mdm_list_count_compact}, README "Lists: counts and indexes"), so a total stays a sum of a few rows. The
 * counts are exact whether it has run or not.
 */
@ApplicationScoped
public class ListCountCompaction {

    private static final Logger LOG = Logger.getLogger(ListCountCompaction.class);

    @Scheduled(every = "${mdm.lists.count-compaction.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> scheduled() {
        return compact().onFailure().invoke(e -> LOG.warn("List count compaction failed", e)).onFailure()
                .recoverWithNull().replaceWithVoid();
    }

    /** Returns how many delta rows were folded. */
    public Uni<Long> compact() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("select mdm_list_count_compact()", Long.class).getSingleResult()));
    }
}
