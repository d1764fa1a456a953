package org.onboarding.entitlement.flow;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.common.FlowFailedException;
import org.onboarding.entitlement.flow.stage.ApplicationFlowContext;
import org.onboarding.entitlement.flow.stage.FlowContext;
import org.onboarding.entitlement.flow.stage.FlowFactory;
import org.onboarding.entitlement.flow.stage.Stage;
import org.onboarding.entitlement.flow.stage.StageRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flow engine for entitle, revoke, upgrade and desired state: runs the stages {@link FlowFactory} lists for the
 * request's type, each recorded as a stage row. On failure it either stops and keeps what is done
 * ({@code ignoreErrors=true}, always for revoke and upgrade) or rolls finished work back newest first, ending
 * {@code cancelled}/{@code cancellation_failed}. Synchronous runs are bounded by a timeout.
 */
@ApplicationScoped
public class EntitleFlow {

    private static final Logger LOG = Logger.getLogger(EntitleFlow.class);

    private final FlowStore flows;
    private final FlowFactory factory;
    private final StageRunner runner;
    private volatile Duration executionTimeout;

    public EntitleFlow(FlowStore flows, FlowFactory factory, StageRunner runner,
                       @ConfigProperty(name = "entitlement.flow.execution-timeout", defaultValue = "30m") Duration executionTimeout) {
        this.flows = flows;
        this.factory = factory;
        this.runner = runner;
        this.executionTimeout = executionTimeout;
    }

    /**
     * One request. {@code type} is the flow type (ENTITLE, REVOKE, UPGRADE, STATE); revoke and upgrade always run
     * with ignoreErrors (no rollback, as upstream); {@code purge} applies to revoked applications.
     */
    public record Request(UUID flowId, String type, UUID tenantId, List<String> applications, boolean ignoreErrors,
                          boolean purge, boolean purgeOnRollback, Map<String, String> tenantParameters, String token) {

        public static Request entitle(UUID tenantId, List<String> applications, boolean ignoreErrors, boolean purgeOnRollback,
                                      Map<String, String> tenantParameters, String token) {
            return new Request(UUID.randomUUID(), "ENTITLE", tenantId, applications, ignoreErrors, false, purgeOnRollback,
                    tenantParameters, token);
        }

        public static Request revoke(UUID tenantId, List<String> applications, boolean purge, Map<String, String> tenantParameters,
                                     String token) {
            return new Request(UUID.randomUUID(), "REVOKE", tenantId, applications, true, purge, false, tenantParameters, token);
        }

        public static Request upgrade(UUID tenantId, List<String> applications, Map<String, String> tenantParameters, String token) {
            return new Request(UUID.randomUUID(), "UPGRADE", tenantId, applications, true, false, false, tenantParameters, token);
        }

        public static Request state(UUID tenantId, List<String> applications, boolean ignoreErrors, boolean purge,
                                    boolean purgeOnRollback, Map<String, String> tenantParameters, String token) {
            return new Request(UUID.randomUUID(), "STATE", tenantId, applications, ignoreErrors, purge, purgeOnRollback,
                    tenantParameters, token);
        }
    }

    /** The synchronous-request bound ({@code entitlement.flow.execution-timeout}). */
    public Duration executionTimeout() {
        return executionTimeout;
    }

    /** Changes the synchronous-request bound at run time (operations; tests use a small one). */
    public void executionTimeout(Duration timeout) {
        this.executionTimeout = timeout;
    }

    /**
     * Runs a synchronous request bounded by the execution timeout. On expiry the flow is failed in the database (so
     * it cannot record success and its queued applications refuse to start) and the request fails with
     * {@code FlowExecutionTimeoutException}, unless the flow finished at the same instant.
     */
    public Uni<Void> runSync(Request request) {
        Duration timeout = executionTimeout;
        CompletableFuture<Void> running = run(request).subscribeAsCompletionStage();
        // a copy, so that giving up on waiting never cancels the engine itself
        return Uni.createFrom().completionStage(running.copy())
                .ifNoItem().after(timeout).recoverWithUni(() -> flows.failOnTimeout(request.flowId(), request.tenantId(), request.type())
                        .flatMap(status -> {
                            if ("FINISHED".equals(status)) {
                                return Uni.createFrom().voidItem();
                            }
                            return flows.stageErrors(request.flowId()).flatMap(params -> {
                                List<ErrorResponse.Parameter> all = new ArrayList<>(params);
                                all.add(ApiException.param("timeout", timeout.toString()));
                                return Uni.createFrom().failure(new FlowFailedException(request.flowId(), status,
                                        "FlowExecutionTimeoutException", all));
                            });
                        }));
    }

    /**
     * Runs the flow's stages as {@link FlowFactory} lists them; fails with {@link FlowFailedException} when it ends
     * other than finished.
     */
    public Uni<Void> run(Request request) {
        FlowContext ctx = new FlowContext(request);
        Uni<Boolean> chain = Uni.createFrom().item(true);
        for (Stage stage : factory.stages(request.type())) {
            chain = chain.chain(proceed -> proceed ? stage.run(runner, ctx) : Uni.createFrom().item(false));
        }
        return chain.replaceWithVoid()
                .onFailure(e -> !(e instanceof FlowFailedException)).recoverWithUni(e -> fail(ctx, e));
    }

    // ---- failure handling ----

    private Uni<Void> fail(FlowContext ctx, Throwable error) {
        UUID flowId = ctx.flowId();
        if (!(error instanceof StageRunner.StageFailure)) {
            LOG.warnf(error, "Flow %s failed outside a stage", flowId);
        }
        Uni<Void> skipped = Uni.createFrom().voidItem();
        for (ApplicationFlowContext app : ctx.appFlows.values()) {
            if (ctx.queuedAppFlows.contains(app.id()) && !ctx.startedAppFlows.contains(app.id())) {   // never started: its queued row goes
                skipped = skipped.chain(() -> factory.applicationFlowFinalizer(null).run(runner, ctx, app).onFailure().recoverWithNull());
            }
        }
        Uni<String> outcome = skipped.chain(() -> ctx.request.ignoreErrors()
                ? factory.flowFinalizer("FAILED").run(runner, ctx).replaceWith("FAILED")
                : rollback(ctx));
        return outcome.onFailure().recoverWithItem("FAILED")
                .flatMap(status -> flows.stageErrors(flowId).flatMap(params -> Uni.createFrom().failure(new FlowFailedException(flowId,
                        status, switch (status) {
                            case "CANCELLED" -> "FlowCancelledException";
                            case "CANCELLATION_FAILED" -> "FlowCancellationException";
                            default -> "FlowExecutionException";
                        }, params))));
    }

    /** Undoes finished work newest first; each undone stage becomes cancelled or cancellation_failed. */
    private Uni<String> rollback(FlowContext ctx) {
        Set<UUID> failedApps = ConcurrentHashMap.newKeySet();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (FlowContext.Rollback step : ctx.rollbacks) {   // a stack: iteration is newest first
            chain = chain.chain(() -> step.action().get()
                    .chain(() -> flows.markStage(step.ownerId(), step.stage(), "CANCELLED", null, null))
                    .onFailure().recoverWithUni(e -> {
                        failedApps.add(step.applicationFlowId());
                        return flows.markStage(step.ownerId(), step.stage(), "CANCELLATION_FAILED",
                                StageRunner.errorType(e), StageRunner.errorMessage(e));
                    }));
        }
        return chain.chain(() -> {
            Uni<Void> apps = Uni.createFrom().voidItem();
            for (ApplicationFlowContext app : ctx.appFlows.values()) {
                if (ctx.startedAppFlows.contains(app.id())) {
                    String status = failedApps.contains(app.id()) ? "CANCELLATION_FAILED" : "CANCELLED";
                    apps = apps.chain(() -> factory.applicationFlowFinalizer(status).run(runner, ctx, app));
                }
            }
            return apps;
        }).chain(() -> {
            String status = failedApps.isEmpty() ? "CANCELLED" : "CANCELLATION_FAILED";
            return factory.flowFinalizer(status).run(runner, ctx).replaceWith(status);
        });
    }
}
