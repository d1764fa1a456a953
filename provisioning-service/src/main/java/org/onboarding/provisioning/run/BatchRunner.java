package org.onboarding.provisioning.run;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.onboarding.provisioning.api.ApiError;
import org.onboarding.provisioning.batch.BatchStatus;
import org.onboarding.provisioning.batch.ProvisioningBatchRepository;
import org.onboarding.provisioning.item.ProvisioningItem;
import org.onboarding.provisioning.item.ProvisioningItemRepository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /provisioning/batches/{id}/run}: takes the batch's run lease (one active run per batch, across
 * processes), answers at once, and works through the items in the background, chunk by chunk, with bounded
 * concurrency. A run whose process died leaves its leases to expire; the next run then picks up every item not
 * finished, and the claims guarantee that no two workers hold one item.
 */
@ApplicationScoped
public class BatchRunner {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final ProvisioningBatchRepository batches;
    private final ProvisioningItemRepository items;
    private final ItemProcessor processor;
    private final DryRun dryRun;
    private final RunConfig config;
    private final Map<UUID, RunHandle> active = new ConcurrentHashMap<>();

    public BatchRunner(ProvisioningBatchRepository batches, ProvisioningItemRepository items, ItemProcessor processor,
                       DryRun dryRun, RunConfig config) {
        this.batches = batches;
        this.items = items;
        this.processor = processor;
        this.dryRun = dryRun;
        this.config = config;
    }

    public Uni<Map<String, Object>> run(UUID batchId, boolean retryFailedOnly, boolean dry) {
        return batches.view(batchId).chain(batch -> {
            if (batch == null) {
                return Uni.createFrom().failure(ApiError.batchNotFound());
            }
            if (dry) {
                return dryRun.preview(batch, retryFailedOnly);
            }
            UUID runId = UUID.randomUUID();
            return batches.startRun(batchId, runId, leaseSeconds())
                    .chain(started -> items.unfinished(batchId, retryFailedOnly).map(List::size)
                            .map(pending -> {
                                Map<String, Object> answer = new LinkedHashMap<>();
                                answer.put("batch_id", batchId);
                                answer.put("enqueued", started ? pending : 0);
                                answer.put("status", BatchStatus.RUNNING.name());
                                if (started) {
                                    answer.put("run_id", runId);
                                    launch(new RunHandle(batchId, runId, retryFailedOnly));
                                } else {
                                    answer.put("already_running", true);
                                }
                                return answer;
                            }));
        });
    }

    private void launch(RunHandle run) {
        active.put(run.runId, run);
        Multi.createBy().repeating().uni(() -> claimNext(run)).until(List::isEmpty)
                .onItem().transformToUniAndConcatenate(chunk -> processor.reserveUsernamesInOrder(chunk, run)
                        .onItem().transformToMulti(ignored -> Multi.createFrom().iterable(chunk))
                        .onItem().transformToUni(item -> processor.process(item, run)).merge(config.concurrency())
                        .collect().last())
                .collect().last()
                .chain(() -> run.halted() ? Uni.createFrom().nullItem() : batches.finishRun(run.batchId, run.runId))
                .subscribe().with(
                        status -> {
                            active.remove(run.runId);
                            LOG.infof("run %s of batch %s ended: %s", run.runId, run.batchId,
                                    run.halted() ? "halted" : status);
                        },
                        failure -> {
                            active.remove(run.runId);
                            // the batch stays RUNNING until its lease expires; the next run resumes it
                            LOG.errorf(failure, "run %s of batch %s stopped", run.runId, run.batchId);
                        });
    }

    /** The next chunk, after renewing the batch lease; empty when done, halted or when the run lost the batch. */
    private Uni<List<ProvisioningItem>> claimNext(RunHandle run) {
        if (run.halted()) {
            return Uni.createFrom().item(List.of());
        }
        return batches.renewRun(run.batchId, run.runId, leaseSeconds())
                .chain(owned -> owned && !run.halted()
                        ? items.claim(run.batchId, run.runId, run.failedOnly, leaseSeconds(), config.chunkSize())
                        : Uni.createFrom().item(List.<ProvisioningItem>of()));
    }

    /**
     * Stops every run of this process from starting new work (items in flight are abandoned unrecorded, like a
     * crash); their leases expire and the next run takes over. Used at shutdown.
     */
    public void haltAll() {
        active.values().forEach(RunHandle::halt);
    }

    /** Whether a run of this batch is still working in this process. */
    public boolean isActive(UUID batchId) {
        return active.values().stream().anyMatch(run -> run.batchId.equals(batchId));
    }

    void onShutdown(@Observes ShutdownEvent event) {
        haltAll();
    }

    private int leaseSeconds() {
        return (int) Math.max(1, config.lease().toSeconds());
    }
}
