package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every instance, every heartbeat: renews the leases of the flows it runs, then fails the flows whose lease lapsed
 * (their instance died: a kill, an OOM, a lost node). Without it such a flow would stay in progress forever and, through
 * the unique index on active application flows, block its applications for good.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class FlowLeaseKeeper {

    private static final Logger LOG = Logger.getLogger(FlowLeaseKeeper.class);

    private final FlowStore flows;
    private final FlowLeaseConfig config;
    private final Vertx vertx;
    private final AtomicBoolean beating = new AtomicBoolean();
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.heartbeat().toMillis()), id -> beat());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void beat() {
        if (!beating.compareAndSet(false, true)) {
            return; // the previous beat still waits on the database
        }
        flows.renewLeases()
                .chain(flows::failLostFlows)
                .eventually(() -> beating.set(false))
                .subscribe().with(lost -> lost.forEach(id -> LOG.warnf(
                                "Flow %s failed: the instance running it stopped renewing its lease", id)),
                        e -> LOG.warnf(e, "Flow lease heartbeat of instance %s failed", config.instance()));
    }
}
