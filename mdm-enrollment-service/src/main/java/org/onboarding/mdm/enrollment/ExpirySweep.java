package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.mdm.persistence.Stored;

import java.time.Clock;
import java.time.Instant;

/**
 * Stores EXPIRED on PENDING tokens past their expiry, so the database agrees with what reads compute and the live-code
 * index frees their codes. Reads never depend on it having run.
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);

    private final WinEnrollmentTokenRepository tokens;
    private final Clock clock;

    public ExpirySweep(WinEnrollmentTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Scheduled(every = "${mdm.enrollment.expiry-sweep.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> scheduled() {
        return sweep().onFailure().invoke(e -> LOG.warn("Expiry sweep failed", e)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Integer> sweep() {
        Instant now = Stored.now(clock);
        return Panache.withTransaction(() -> tokens.expirePendingBefore(now))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Expired %d enrollment token(s)", count);
                    }
                });
    }
}
