package org.onboarding.provisioning.run;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
 * concurrency. The live run renews its lease with a heartbeat; a run whose process died stops renewing, its lease
 * lapses (within {@code provisioning.run.lease}), and the next run then picks up every item not finished. The claims
 * and the run-conditional writes guarantee that no two workers hold one item.
 */
@ApplicationScoped
public class BatchRunner {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final ProvisioningBatchRepository batches;
    private final ProvisioningItemRepository items;
    private final ChunkPreparation preparation;
    private final ItemProcessor processor;
    private final DryRun dryRun;
    private final RunConfig config;
    private final Vertx vertx;
    private final Map<UUID, RunHandle> active = new ConcurrentHashMap<>();

    public BatchRunner(ProvisioningBatchRepository batches, ProvisioningItemRepository items,
                       ChunkPreparation preparation, ItemProcessor processor, DryRun dryRun, RunConfig config,
                       Vertx vertx) {
        this.vertx = vertx;
        this.batches = batches;
        this.items = items;
        this.preparation = preparation;
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
                    .call(started -> started ? items.releaseClaimsOfOtherRuns(batchId, runId)
                            : Uni.createFrom().voidItem())
                    .chain(started -> (started ? items.countUnfinished(batchId, retryFailedOnly)
                            : Uni.createFrom().item(0L)).map(pending -> {
                                Map<String, Object> answer = new LinkedHashMap<>();
                                answer.put("batch_id", batchId);
                                answer.put("enqueued", pending);
                                answer.put("status", BatchStatus.RUNNING.name());
                                if (started) {
                                    answer.put("run_id", runId);
                                    launch(new RunHandle(batchId, runId, retryFailedOnly, new ItemWrites(items, runId, Math.max(1, config.writesInFlight()))));
                                } else {
                                    answer.put("already_running", true);
                                }
                                return answer;
                            }));
        });
    }

    private void launch(RunHandle run) {
        active.put(run.runId, run);
        // The run outlives the request that started it, so it gets a Vert.x context of its own. On the request's
        // context it kept that request's CDI request context, already ended: then every REST client call tried to
        // copy the finished request's headers, and threw and caught an exception to find out (~5 % of a run's CPU).
        Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        own.runOnContext(ignored -> work(run));
    }

    private void work(RunHandle run) {
        long heartbeat = vertx.setPeriodic(Math.max(1, config.heartbeat().toMillis()), timer -> heartbeat(run, timer));
        // claims and preparations one after another (batch order: usernames, homonym counters); the items of up to
        // chunks-in-work prepared chunks in work at once, so that a chunk's claim, lookups and reservations overlap
        // the previous chunk's last items instead of waiting for them
        Multi.createBy().repeating().uni(() -> claimNext(run)).until(List::isEmpty)
                .onItem().transformToUniAndConcatenate(chunk -> preparation.prepare(chunk, run)
                        .map(prepared -> new PreparedChunk(chunk, prepared))
                        .onFailure().call(() -> release(run, chunk)))
                .onItem().transformToUni(prepared -> Multi.createFrom().iterable(prepared.chunk)
                        .onItem().transformToUni(item -> processor.process(item, run, prepared.prepared))
                        .merge(config.concurrency())
                        .collect().last()
                        .eventually(() -> release(run, prepared.chunk)))
                .merge(Math.max(1, config.chunksInWork()))
                .collect().last()
                .chain(() -> run.halted() ? Uni.createFrom().nullItem() : batches.finishRun(run.batchId, run.runId))
                .eventually(() -> vertx.cancelTimer(heartbeat))
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

    private record PreparedChunk(List<ProvisioningItem> chunk, ChunkPreparation.Prepared prepared) {
    }

    /** The chunk ended (or failed before its items started): the heartbeat no longer renews its items. */
    private static Uni<Void> release(RunHandle run, List<ProvisioningItem> chunk) {
        chunk.forEach(item -> run.claimed.remove(item.id()));
        return Uni.createFrom().voidItem();
    }

    /** The next chunk, after renewing the batch lease; empty when done, halted or when the run lost the batch. */
    private Uni<List<ProvisioningItem>> claimNext(RunHandle run) {
        if (run.halted()) {
            return Uni.createFrom().item(List.of());
        }
        return batches.renewRun(run.batchId, run.runId, leaseSeconds())
                .chain(owned -> owned && !run.halted() ? claimFromCursor(run)
                        : Uni.createFrom().item(List.<ProvisioningItem>of()));
    }

    /**
     * The next chunk after the run's cursor (the last item it claimed, in batch order), so that a claim starts where
     * the last one stopped instead of walking the index entries of every item finished since the last vacuum; when
     * nothing is left after the cursor, once more from the start, for the items skipped meanwhile (held by another
     * run then, released since). README "Runs: the claim's cursor".
     */
    private Uni<List<ProvisioningItem>> claimFromCursor(RunHandle run) {
        long cursor = run.claimCursor;
        return items.claim(run.batchId, run.runId, run.failedOnly, leaseSeconds(), config.chunkSize(), cursor)
                .chain(chunk -> chunk.isEmpty() && cursor > 0
                        ? items.claim(run.batchId, run.runId, run.failedOnly, leaseSeconds(), config.chunkSize(), 0)
                        : Uni.createFrom().item(chunk))
                .invoke(chunk -> {
                    chunk.forEach(item -> run.claimed.add(item.id()));
                    chunk.stream().mapToLong(ProvisioningItem::seq).max().ifPresent(last -> run.claimCursor = last);
                });
    }

    /**
     * The live run's heartbeat: renews the batch lease and the leases of the items it holds, so that the lease can be
     * short (a run after a crash resumes within one lease) without a slow item losing its claim. A run that finds it
     * lost the batch (its lease lapsed and another run took over) stops starting new work.
     */
    private void heartbeat(RunHandle run, long timer) {
        if (run.halted()) {
            vertx.cancelTimer(timer);
            return;
        }
        if (!run.beatInProgress.compareAndSet(false, true)) {
            return; // the previous beat is still waiting on the database
        }
        batches.renewRun(run.batchId, run.runId, leaseSeconds())
                .chain(owned -> {
                    if (!owned) {
                        LOG.warnf("run %s lost batch %s to another run: halting", run.runId, run.batchId);
                        run.halt();
                        return Uni.createFrom().voidItem();
                    }
                    List<UUID> held = List.copyOf(run.claimed);
                    return held.isEmpty() ? Uni.createFrom().voidItem()
                            : items.renewLeases(run.runId, held, leaseSeconds()).replaceWithVoid();
                })
                .eventually(() -> run.beatInProgress.set(false))
                .subscribe().with(ignored -> { }, e -> LOG.warnf(e, "heartbeat of run %s failed", run.runId));
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
