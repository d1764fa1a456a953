package org.onboarding.entitlement.flow;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.common.FlowFailedException;
import org.onboarding.entitlement.common.RequestValidationException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;
import org.onboarding.entitlement.registry.Semver;
import org.onboarding.entitlement.tenant.TenantRegistry;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The entitle flow (folio.md §4.5.1): persisted stages, application flows by dependency layer, module tenant-API
 * calls by module level, and on failure either stop-and-keep ({@code ignoreErrors=true}) or a rollback of finished
 * work in reverse order ending {@code cancelled}/{@code cancellation_failed}.
 */
@ApplicationScoped
public class EntitleFlow {

    private static final Logger LOG = Logger.getLogger(EntitleFlow.class);

    private final FlowStore flows;
    private final EntitlementStore entitlements;
    private final ApplicationRegistry registry;
    private final TenantRegistry tenants;
    private final ModuleTenantClient moduleClient;

    public EntitleFlow(FlowStore flows, EntitlementStore entitlements, ApplicationRegistry registry, TenantRegistry tenants,
                       ModuleTenantClient moduleClient) {
        this.flows = flows;
        this.entitlements = entitlements;
        this.registry = registry;
        this.tenants = tenants;
        this.moduleClient = moduleClient;
    }

    public record Request(UUID flowId, UUID tenantId, List<String> applications, boolean ignoreErrors,
                          boolean purgeOnRollback, Map<String, String> tenantParameters, String token) {
    }

    /** A finished unit of work that can be undone, recorded on its stage. */
    private record Rollback(UUID ownerId, String stage, UUID applicationFlowId, Supplier<Uni<Void>> action) {
    }

    private record AppFlow(UUID id, ApplicationDescriptor descriptor) {
    }

    private static final class Context {
        final Request request;
        String tenantName;
        final Map<String, AppFlow> appFlows = new LinkedHashMap<>();
        List<ApplicationDescriptor> descriptors = List.of();
        final Deque<Rollback> rollbacks = new ConcurrentLinkedDeque<>();
        final Set<UUID> startedAppFlows = ConcurrentHashMap.newKeySet();

        Context(Request request) {
            this.request = request;
        }
    }

    /** A stage failure, carrying the stage name up to the flow. */
    static final class StageFailure extends RuntimeException {
        StageFailure(String stage, Throwable cause) {
            super(stage, cause);
        }
    }

    /** Runs the whole flow; fails with {@link FlowFailedException} when it ends other than finished. */
    public Uni<Void> run(Request request) {
        Context ctx = new Context(request);
        UUID flowId = request.flowId();
        return flows.insertFlow(flowId, request.tenantId(), "ENTITLE")
                .chain(() -> stage(flowId, "FlowInitializer", st -> Uni.createFrom().voidItem()))
                .chain(() -> stage(flowId, "ApplicationFlowValidator", st -> validatePriorFlows(ctx)))
                .chain(() -> stage(flowId, "TenantLoader", st -> tenants.get(request.tenantId())
                        .invoke(t -> ctx.tenantName = t.name()).replaceWithVoid()))
                .chain(() -> stage(flowId, "ApplicationDescriptorTreeLoader", st -> loadDescriptors(ctx)))
                .chain(() -> stage(flowId, "ApplicationFlowQueuingStage", st -> queue(ctx)))
                .chain(() -> runLayers(ctx))
                .chain(() -> stage(flowId, "FinishedFlowFinalizer", st -> flows.finishFlow(flowId, "FINISHED")))
                .onFailure(e -> !(e instanceof FlowFailedException)).recoverWithUni(e -> fail(ctx, e));
    }

    // ---- top-level stages ----

    private Uni<Void> validatePriorFlows(Context ctx) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : ctx.request.applications()) {
            names.put(Semver.parseId(id).name(), id);
        }
        return flows.lastFlowsByName(ctx.request.tenantId(), new ArrayList<>(names.keySet())).map(last -> {
            List<ErrorResponse.Parameter> problems = new ArrayList<>();
            for (FlowStore.LastFlow flow : last) {
                String reason = PriorFlowRules.reasonToRefuse("ENTITLE", flow.type(), flow.status());
                if (reason != null) {
                    problems.add(ApiException.param(flow.applicationId(), reason));
                }
            }
            if (!problems.isEmpty()) {
                throw new RequestValidationException("Found validation errors in entitlement request", problems);
            }
            return null;
        });
    }

    /** Loads the requested descriptors and checks their dependencies against the request and the tenant (§6.3). */
    private Uni<Void> loadDescriptors(Context ctx) {
        return registry.loadAll(ctx.request.applications()).flatMap(descriptors -> {
            ctx.descriptors = descriptors;
            Map<String, ApplicationDescriptor> byName = new HashMap<>();
            descriptors.forEach(d -> byName.put(d.name(), d));
            List<String> external = new ArrayList<>();
            for (ApplicationDescriptor d : descriptors) {
                for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
                    ApplicationDescriptor requested = byName.get(dep.name());
                    if (requested != null) {
                        if (!Semver.satisfies(requested.version(), dep.version())) {
                            throw new RequestValidationException("Dependency cannot be satisfied by the selected version of application",
                                    List.of(ApiException.param("dependency", dep.name() + " " + dep.version()),
                                            ApiException.param("application", requested.id())));
                        }
                    } else {
                        external.add(dep.name());
                    }
                }
            }
            if (external.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return entitlements.byNames(ctx.request.tenantId(), external).map(entitled -> {
                for (ApplicationDescriptor d : descriptors) {
                    for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
                        if (byName.containsKey(dep.name())) {
                            continue;
                        }
                        List<String> matches = entitled.stream().map(EntitlementStore.Entitlement::applicationId)
                                .filter(id -> Semver.parseId(id).name().equals(dep.name())).toList();
                        if (matches.size() != 1) {
                            throw new RequestValidationException(
                                    "Entitled application(s) is not found or too many application(s) found by the given name(s)",
                                    List.of(ApiException.param("applicationName", dep.name())));
                        }
                        if (!Semver.satisfies(Semver.parseId(matches.get(0)).version(), dep.version())) {
                            throw new RequestValidationException(
                                    "Version mismatch between installed application and dependency of application with id: " + d.id(),
                                    List.of(ApiException.param("installedApplication", matches.get(0)),
                                            ApiException.param("dependency", dep.name() + " " + dep.version())));
                        }
                    }
                }
                return null;
            });
        });
    }

    /** One queued application flow per requested application; the partial unique index refuses a concurrent twin. */
    private Uni<Void> queue(Context ctx) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApplicationDescriptor d : ctx.descriptors) {
            UUID id = UUID.randomUUID();
            ctx.appFlows.put(d.id(), new AppFlow(id, d));
            chain = chain.chain(() -> flows.insertApplicationFlow(id, ctx.request.flowId(), ctx.request.tenantId(), d.id(),
                            d.name(), d.version(), "ENTITLE")
                    .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                            ? new RequestValidationException("Found validation errors in entitlement request",
                            List.of(ApiException.param(d.id(), "Entitle flow is in progress"))) : e));
        }
        return chain;
    }

    private Uni<Void> runLayers(Context ctx) {
        List<List<ApplicationDescriptor>> layers = Graphs.applicationLayers(ctx.descriptors);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<ApplicationDescriptor> layer : layers) {
            chain = chain.chain(() -> parallel(layer.stream().map(d -> runApplication(ctx, ctx.appFlows.get(d.id()))).toList()));
        }
        return chain;
    }

    // ---- application flow ----

    private Uni<Void> runApplication(Context ctx, AppFlow app) {
        UUID id = app.id();
        ApplicationDescriptor d = app.descriptor();
        Map<String, String> locations = new HashMap<>();
        return stage(id, "ApplicationFlowInitializer", st -> flows.startApplicationFlow(id).map(started -> {
                    if (!started) {
                        throw new IllegalStateException("Application flow cannot be started: the flow is no longer running");
                    }
                    ctx.startedAppFlows.add(id);
                    return null;
                }))
                .chain(() -> stage(id, "ApplicationDiscoveryLoader", st -> {
                    List<String> moduleIds = d.modules().stream().map(ApplicationDescriptor.ModuleRef::id).toList();
                    return registry.discoveries(moduleIds).map(found -> {
                        found.forEach(f -> locations.put(f.id(), f.location()));
                        List<String> missing = moduleIds.stream().filter(m -> !locations.containsKey(m)).toList();
                        if (!missing.isEmpty()) {
                            throw new RequestValidationException("Application discovery information is not defined for " + missing,
                                    List.of(ApiException.param("application", d.id())));
                        }
                        return null;
                    });
                }))
                .chain(() -> {
                    Uni<Void> levels = Uni.createFrom().voidItem();
                    for (List<String> level : Graphs.moduleLevels(d)) {
                        levels = levels.chain(() -> parallel(level.stream()
                                .map(moduleId -> installModule(ctx, app, moduleId, locations.get(moduleId))).toList()));
                    }
                    return levels;
                })
                .chain(() -> stage(id, "EntitleApplicationFlowFinalizer", st ->
                        entitlements.insert(ctx.request.tenantId(), d.id(), d.name(), d.version())
                                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                                        ? new RequestValidationException("Found validation errors in entitlement request",
                                        List.of(ApiException.param(d.id(), "Entitle flow finished"))) : e)
                                .chain(() -> flows.finishApplicationFlow(id, "FINISHED"))
                                .invoke(() -> ctx.rollbacks.push(new Rollback(id, "EntitleApplicationFlowFinalizer", id,
                                        () -> entitlements.delete(ctx.request.tenantId(), d.id()))))))
                .onFailure(e -> ctx.request.ignoreErrors()).call(e -> ctx.startedAppFlows.contains(id)
                        ? stage(id, "FailedApplicationFlowFinalizer", st -> flows.finishApplicationFlow(id, "FAILED"))
                        .onFailure().recoverWithNull()
                        : Uni.createFrom().voidItem());
    }

    /** {@code <moduleId>-folioModuleInstaller}: tenant API call unless the tenant already has the module. */
    private Uni<Void> installModule(Context ctx, AppFlow app, String moduleId, String location) {
        String name = moduleId + "-folioModuleInstaller";
        UUID tenantId = ctx.request.tenantId();
        String applicationId = app.descriptor().id();
        boolean tenantApi = app.descriptor().descriptorOf(moduleId).flatMap(ApplicationDescriptor.ModuleDescriptor::tenantInterface).isPresent();
        return stage(app.id(), name, st -> entitlements.moduleEnabledForTenant(tenantId, moduleId)
                .chain(enabled -> enabled || !tenantApi ? Uni.createFrom().voidItem()
                        : moduleClient.postTenant(location, ctx.tenantName, ctx.request.token(),
                        moduleClient.installBody(moduleId, ctx.request.tenantParameters()), st))
                .chain(() -> entitlements.recordModule(tenantId, moduleId, applicationId))
                .invoke(recorded -> {
                    if (recorded) {
                        ctx.rollbacks.push(new Rollback(app.id(), name, app.id(), () -> disableModule(ctx, moduleId, applicationId,
                                location, tenantApi)));
                    }
                })
                .replaceWithVoid());
    }

    /** Rollback of an install: forget the module for this app; purge only with purgeOnRollback and no other user. */
    private Uni<Void> disableModule(Context ctx, String moduleId, String applicationId, String location, boolean tenantApi) {
        UUID tenantId = ctx.request.tenantId();
        return entitlements.forgetModule(tenantId, moduleId, applicationId)
                .chain(() -> entitlements.moduleEnabledForTenant(tenantId, moduleId))
                .chain(stillUsed -> stillUsed || !tenantApi || !ctx.request.purgeOnRollback() ? Uni.createFrom().voidItem()
                        : moduleClient.postTenant(location, ctx.tenantName, ctx.request.token(), moduleClient.purgeBody(moduleId),
                        new StageContext()));
    }

    // ---- failure handling ----

    private Uni<Void> fail(Context ctx, Throwable error) {
        UUID flowId = ctx.request.flowId();
        if (!(error instanceof StageFailure)) {
            LOG.warnf(error, "Flow %s failed outside a stage", flowId);
        }
        Uni<String> outcome = ctx.request.ignoreErrors()
                ? stage(flowId, "FailedFlowFinalizer", st -> flows.deleteQueuedApplicationFlows(flowId)
                .chain(() -> flows.finishFlow(flowId, "FAILED"))).replaceWith("FAILED")
                : rollback(ctx);
        return outcome.onFailure().recoverWithItem("FAILED")
                .flatMap(status -> flows.stageErrors(flowId).flatMap(params -> Uni.createFrom().failure(new FlowFailedException(flowId,
                        status, switch (status) {
                            case "CANCELLED" -> "FlowCancelledException";
                            case "CANCELLATION_FAILED" -> "FlowCancellationException";
                            default -> "FlowExecutionException";
                        }, params))));
    }

    /** Undoes finished work newest first; each undone stage becomes cancelled or cancellation_failed. */
    private Uni<String> rollback(Context ctx) {
        UUID flowId = ctx.request.flowId();
        Set<UUID> failedApps = ConcurrentHashMap.newKeySet();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Rollback step : ctx.rollbacks) {   // a stack: iteration is newest first
            chain = chain.chain(() -> step.action().get()
                    .chain(() -> flows.markStage(step.ownerId(), step.stage(), "CANCELLED", null, null))
                    .onFailure().recoverWithUni(e -> {
                        failedApps.add(step.applicationFlowId());
                        return flows.markStage(step.ownerId(), step.stage(), "CANCELLATION_FAILED", errorType(e), errorMessage(e));
                    }));
        }
        return chain.chain(() -> {
            Uni<Void> apps = Uni.createFrom().voidItem();
            for (UUID appFlowId : ctx.startedAppFlows) {
                boolean cancelFailed = failedApps.contains(appFlowId);
                String finalizer = cancelFailed ? "CancellationFailedApplicationFlowFinalizer" : "CancelledApplicationFlowFinalizer";
                apps = apps.chain(() -> stage(appFlowId, finalizer,
                        st -> flows.finishApplicationFlow(appFlowId, cancelFailed ? "CANCELLATION_FAILED" : "CANCELLED")));
            }
            return apps;
        }).chain(() -> {
            boolean cancelFailed = !failedApps.isEmpty();
            String status = cancelFailed ? "CANCELLATION_FAILED" : "CANCELLED";
            return stage(flowId, cancelFailed ? "CancellationFailedFlowFinalizer" : "CancelledFlowFinalizer",
                    st -> flows.deleteQueuedApplicationFlows(flowId).chain(() -> flows.finishFlow(flowId, status)))
                    .replaceWith(status);
        });
    }

    // ---- stage plumbing ----

    /** Runs one persisted stage: row inserted in_progress, then finished or failed with the error and retries. */
    private Uni<Void> stage(UUID ownerId, String name, Function<StageContext, Uni<Void>> body) {
        StageContext st = new StageContext();
        return flows.startStage(ownerId, name)
                .chain(() -> Uni.createFrom().deferred(() -> body.apply(st)))
                .onItem().transformToUni(ignored -> flows.endStage(ownerId, name, "FINISHED", null, null, st.retriesCount(), st.retriesInfo()))
                .onFailure(e -> !(e instanceof StageFailure)).recoverWithUni(e ->
                        flows.endStage(ownerId, name, "FAILED", errorType(e), errorMessage(e), st.retriesCount(), st.retriesInfo())
                                .chain(() -> Uni.createFrom().failure(new StageFailure(name, e))));
    }

    /** Runs branches concurrently, lets all complete, then fails with the first failure if any. */
    private static Uni<Void> parallel(List<Uni<Void>> branches) {
        if (branches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Throwable>> settled = branches.stream()
                .map(b -> b.replaceWith((Throwable) null).onFailure().recoverWithItem(e -> e)).toList();
        return Uni.join().all(settled).andFailFast().flatMap(results -> {
            for (Throwable t : results) {
                if (t != null) {
                    return Uni.createFrom().failure(t);
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    static String errorType(Throwable e) {
        if (e instanceof ApiException api) {
            return api.type();
        }
        return e.getClass().getSimpleName();
    }

    static String errorMessage(Throwable e) {
        if (e instanceof ApiException api) {
            return api.describe();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e ? message + ", cause: " + e.getCause().getMessage() : message;
    }
}
