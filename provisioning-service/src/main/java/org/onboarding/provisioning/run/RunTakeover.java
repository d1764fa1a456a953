package org.onboarding.provisioning.run;

import lombok.RequiredArgsConstructor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.onboarding.provisioning.batch.ProvisioningBatchRepository;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every instance, every heartbeat: finds batches whose run stopped renewing its lease (the process running it died)
 * and starts a run of each, which takes the batch over through the same conditional lease as {@code POST …/run}, so of
 * several instances exactly one resumes it, and picks up every unfinished item. Without it a crashed run's batch would
 * stay RUNNING until someone sent {@code run} again.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class RunTakeover {

    private static final Logger LOG = Logger.getLogger(RunTakeover.class);
    private static final int BATCHES_PER_BEAT = 16;

    private final ProvisioningBatchRepository batches;
    private final BatchRunner runner;
    private final RunConfig config;
    private final Vertx vertx;
    private final AtomicBoolean looking = new AtomicBoolean();
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.heartbeat().toMillis()), id -> takeOver());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void takeOver() {
        if (!looking.compareAndSet(false, true)) {
            return;
        }
        batches.abandonedRuns(BATCHES_PER_BEAT)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                // a crashed run may have been a retry of failed items only: resuming all unfinished items covers it
                .onItem().transformToUniAndConcatenate(batchId -> runner.run(batchId, false, false)
                        .invoke(answer -> {
                            if (answer.containsKey("run_id")) {
                                LOG.warnf("batch %s: its run stopped renewing its lease; run %s took it over",
                                        batchId, answer.get("run_id"));
                            }
                        }))
                .collect().last()
                .eventually(() -> looking.set(false))
                .subscribe().with(ignored -> { }, e -> LOG.warnf(e, "looking for abandoned runs failed"));
    }
}
