package org.onboarding.mdm.enrollment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.onboarding.mdm.persistence.Stored;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stores EXPIRED on PENDING tokens past their expiry, so the database agrees with what reads compute and the live-code
 * index frees their codes. Reads never depend on it having run.
 *
 * <p>Every instance's scheduler fires it each period; the database lets exactly one of them sweep per period: time is
 * cut into periods of {@code mdm.enrollment.expiry-sweep.every} (counted on the database's clock, the one clock all
 * instances share), and an instance sweeps only if its conditional UPDATE of the one-row
 * {@code expiry_sweep_schedule} moves {@code last_period} forward to the current period, in the sweep's own
 * transaction (a failed sweep gives the period back).
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);

    private final WinEnrollmentTokenRepository tokens;
    private final Clock clock;
    private final long periodMillis;
    private final Counter runs;

    public ExpirySweep(WinEnrollmentTokenRepository tokens, Clock clock, MeterRegistry registry,
                       @ConfigProperty(name = "mdm.enrollment.expiry-sweep.every") String every) {
        this.tokens = tokens;
        this.clock = clock;
        this.periodMillis = periodMillis(every);
        this.runs = Counter.builder("mdm.enrollment.expiry.sweeps")
                .description("Expiry sweeps this instance ran (one per period across all instances)")
                .register(registry);
    }

    private static long periodMillis(String every) {
        String value = every.trim();
        if (value.equalsIgnoreCase("off") || value.equalsIgnoreCase("disabled")) {
            return 0;
        }
        Duration period = DurationConverter.parseDuration(value);
        return period == null ? 0 : Math.max(1, period.toMillis());
    }

    @Scheduled(every = "${mdm.enrollment.expiry-sweep.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> scheduled() {
        return sweepOncePerPeriod().onFailure().invoke(e -> LOG.warn("Expiry sweep failed", e)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The sweep, if no instance has swept in the current period yet; null when another instance had. */
    Uni<Integer> sweepOncePerPeriod() {
        Instant now = Stored.now(clock);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "UPDATE expiry_sweep_schedule SET last_period = p.period, last_run_at = clock_timestamp() "
                                        + "FROM (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000 / :period)::bigint AS period) p "
                                        + "WHERE last_period < p.period")
                        .setParameter("period", Math.max(1, periodMillis))
                        .executeUpdate())
                .chain(claimed -> claimed == 1 ? tokens.expirePendingBefore(now) : Uni.createFrom().nullItem()))
                .invoke(count -> {
                    if (count != null) {
                        runs.increment();
                        logSwept(count);
                    }
                });
    }

    /** One sweep now, whatever the period (tests choose the instant). */
    public Uni<Integer> sweep() {
        Instant now = Stored.now(clock);
        return Panache.withTransaction(() -> tokens.expirePendingBefore(now)).invoke(ExpirySweep::logSwept);
    }

    private static void logSwept(int count) {
        if (count > 0) {
            LOG.infof("Expired %d enrollment token(s)", count);
        }
    }
}
