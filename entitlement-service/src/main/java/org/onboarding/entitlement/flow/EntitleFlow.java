package org.onboarding.entitlement.flow;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The flow engine for entitle, revoke, upgrade and desired state (folio.md §4.5): persisted stages, application
 * flows by dependency layer, module tenant-API calls by module level, and on failure either stop-and-keep
 * ({@code ignoreErrors=true}, always for revoke and upgrade) or a rollback of finished entitle work in reverse order
 * ending {@code cancelled}/{@code cancellation_failed}. Synchronous runs are bounded by a timeout (§4.4).
 */
@ApplicationScoped
public class EntitleFlow {

    private static final Logger LOG = Logger.getLogger(EntitleFlow.class);

    private final FlowStore flows;
    private final EntitlementStore entitlements;
    private final ApplicationRegistry registry;
    private final TenantRegistry tenants;
    private final ModuleTenantClient moduleClient;
    private final RequestValidators validators;
    private final ApplicationDescriptorTreeLoader treeLoader;
    private volatile Duration executionTimeout;

    public EntitleFlow(FlowStore flows, EntitlementStore entitlements, ApplicationRegistry registry, TenantRegistry tenants,
                       ModuleTenantClient moduleClient, RequestValidators validators, ApplicationDescriptorTreeLoader treeLoader,
                       @ConfigProperty(name = "entitlement.flow.execution-timeout", defaultValue = "30m") Duration executionTimeout) {
        this.flows = flows;
        this.entitlements = entitlements;
        this.registry = registry;
        this.tenants = tenants;
        this.moduleClient = moduleClient;
        this.validators = validators;
        this.treeLoader = treeLoader;
        this.executionTimeout = executionTimeout;
    }

    /**
     * One request. {@code type} is the flow type (ENTITLE, REVOKE, UPGRADE, STATE); revoke and upgrade always run
     * with ignoreErrors (no rollback, folio.md §14.1); {@code purge} applies to revoked applications.
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

    /** The synchronous-request bound (folio.md §4.4, {@code entitlement.flow.execution-timeout}). */
    public Duration executionTimeout() {
        return executionTimeout;
    }

    /** Changes the synchronous-request bound at run time (operations; tests use a small one). */
    public void executionTimeout(Duration timeout) {
        this.executionTimeout = timeout;
    }

    /** A finished unit of work that can be undone, recorded on its stage. */
    private record Rollback(UUID ownerId, String stage, UUID applicationFlowId, Supplier<Uni<Void>> action) {
    }

    /** An application flow: its type (ENTITLE, REVOKE, UPGRADE) and, for an upgrade, the entitled descriptor it replaces. */
    private record AppFlow(UUID id, String type, ApplicationDescriptor descriptor, ApplicationDescriptor previous) {
    }

    private static final class Context {
        final Request request;
        String tenantName;
        final Map<String, AppFlow> appFlows = new LinkedHashMap<>();
        /** Applications to entitle, to upgrade (new descriptors) and to revoke, in request order. */
        List<ApplicationDescriptor> descriptors = List.of();
        List<ApplicationDescriptor> upgrades = List.of();
        List<ApplicationDescriptor> revokes = List.of();
        /** Upgrade pairing by name (folio.md §7): new id → entitled id, and the entitled descriptors by id. */
        Map<String, String> upgradePairs = Map.of();
        final Map<String, ApplicationDescriptor> previous = new HashMap<>();
        ApplicationStateTransitionPlanner.Plan plan;
        List<ApplicationDescriptor> desired = List.of();
        final Deque<Rollback> rollbacks = new ConcurrentLinkedDeque<>();
        final Set<UUID> startedAppFlows = ConcurrentHashMap.newKeySet();
        /** Application flows actually inserted (queued), in queuing order. */
        final Set<UUID> queuedAppFlows = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

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

    /** Runs the whole flow; fails with {@link FlowFailedException} when it ends other than finished. */
    public Uni<Void> run(Request request) {
        Context ctx = new Context(request);
        UUID flowId = request.flowId();
        return flows.insertFlow(flowId, request.tenantId(), request.type()).flatMap(inserted -> {
            if (!inserted) {
                LOG.infof("Flow %s timed out before it started: not run", flowId);
                return Uni.createFrom().voidItem();
            }
            return stage(flowId, "FlowInitializer", st -> Uni.createFrom().voidItem())
                    .chain(() -> switch (request.type()) {
                        case "REVOKE" -> revokeStages(ctx);
                        case "UPGRADE" -> upgradeStages(ctx);
                        case "STATE" -> stateStages(ctx);
                        default -> entitleStages(ctx);
                    })
                    .chain(() -> runLayers(ctx))
                    .chain(() -> stage(flowId, "FinishedFlowFinalizer", st -> flows.finishFlow(flowId, "FINISHED")))
                    .onFailure(e -> !(e instanceof FlowFailedException)).recoverWithUni(e -> fail(ctx, e));
        });
    }

    // ---- top-level stages ----

    /** folio.md §4.5.1. */
    private Uni<Void> entitleStages(Context ctx) {
        UUID flowId = ctx.request.flowId();
        return stage(flowId, "ApplicationFlowValidator", st -> validators.priorFlows(ctx.request.tenantId(),
                        ctx.request.applications(), "ENTITLE", "Found validation errors in entitlement request"))
                .chain(() -> loadTenant(ctx))
                .chain(() -> stage(flowId, "ApplicationDescriptorTreeLoader", st -> treeLoader.load(ctx.request.tenantId(),
                        ctx.request.applications()).invoke(loaded -> ctx.descriptors = loaded).replaceWithVoid()))
                .chain(() -> stage(flowId, "InterfaceIntegrityValidator", st ->
                        validators.interfaceIntegrity("ENTITLE", ctx.request.tenantId(), ctx.descriptors)))
                .chain(() -> stage(flowId, "ApplicationFlowQueuingStage", st -> queue(ctx)));
    }

    /** folio.md §4.5.2. */
    private Uni<Void> revokeStages(Context ctx) {
        UUID flowId = ctx.request.flowId();
        UUID tenantId = ctx.request.tenantId();
        List<String> ids = ctx.request.applications();
        return stage(flowId, "ExistingEntitlementValidator", st -> validators.existingEntitlements(tenantId, ids))
                .chain(() -> stage(flowId, "ApplicationFlowValidator", st -> validators.priorFlows(tenantId, ids, "REVOKE",
                        "Found validation errors in entitlement request")))
                .chain(() -> loadTenant(ctx))
                .chain(() -> stage(flowId, "ApplicationDescriptorLoader", st -> registry.loadAll(ids)
                        .invoke(found -> ctx.revokes = inRequestOrder(found, ids)).replaceWithVoid()))
                .chain(() -> stage(flowId, "ApplicationFlowQueuingStage", st -> queue(ctx)));
    }

    /** folio.md §4.5.3. */
    private Uni<Void> upgradeStages(Context ctx) {
        UUID flowId = ctx.request.flowId();
        UUID tenantId = ctx.request.tenantId();
        List<String> ids = ctx.request.applications();
        return stage(flowId, "UpgradeRequestValidator", st -> validators.upgradeRequest(tenantId, ids)
                        .invoke(pairs -> ctx.upgradePairs = pairs).replaceWithVoid())
                .chain(() -> stage(flowId, "ApplicationFlowValidator", st -> validators.priorFlows(tenantId, ids, "UPGRADE",
                        "Found validation errors in entitlement request")))
                .chain(() -> loadTenant(ctx))
                .chain(() -> stage(flowId, "ApplicationDescriptorLoader", st -> loadUpgradeDescriptors(ctx)))
                .chain(() -> stage(flowId, "InterfaceIntegrityValidator", st ->
                        validators.interfaceIntegrity("UPGRADE", tenantId, ctx.upgrades)))
                .chain(() -> stage(flowId, "ApplicationFlowQueuingStage", st -> queue(ctx)));
    }

    /** folio.md §4.5.4 and §5. */
    private Uni<Void> stateStages(Context ctx) {
        UUID flowId = ctx.request.flowId();
        UUID tenantId = ctx.request.tenantId();
        String message = "Found validation errors in desired state request";
        return loadTenant(ctx)
                .chain(() -> stage(flowId, "ApplicationStateTransitionPlanner", st -> entitlements.applicationIds(tenantId)
                        .invoke(entitled -> {
                            ctx.plan = ApplicationStateTransitionPlanner.plan(ctx.request.applications(), entitled);
                            ctx.upgradePairs = ctx.plan.upgrade();
                        }).replaceWithVoid()))
                .chain(() -> stage(flowId, "DesiredStateApplicationDescriptorLoader", st -> {
                    List<String> wanted = new ArrayList<>(ctx.request.applications());
                    wanted.addAll(ctx.plan.revoke());
                    return loadUpgradeDescriptors(ctx).chain(() -> wanted.isEmpty() ? Uni.createFrom().voidItem()
                            : registry.loadAll(wanted).invoke(found -> {
                        ctx.descriptors = inRequestOrder(found, ctx.plan.entitle());
                        ctx.revokes = inRequestOrder(found, ctx.plan.revoke());
                        ctx.desired = inRequestOrder(found, ctx.request.applications());
                    }).replaceWithVoid());
                }))
                .chain(() -> stage(flowId, "InterfaceIntegrityValidator", st ->
                        validators.interfaceIntegrity("STATE", tenantId, ctx.desired)))
                .chain(() -> stage(flowId, "DesiredStateApplicationFlowValidator", st ->
                        validators.priorFlows(tenantId, ctx.plan.entitle(), "ENTITLE", message)
                                .chain(() -> validators.priorFlows(tenantId, new ArrayList<>(ctx.plan.upgrade().keySet()), "UPGRADE", message))
                                .chain(() -> validators.priorFlows(tenantId, ctx.plan.revoke(), "REVOKE", message))))
                .chain(() -> stage(flowId, "DesiredStateWithUpgradeValidator", st -> Uni.createFrom().voidItem()
                        .invoke(() -> RequestValidators.strictlyHigher(ctx.plan.upgrade()))))
                .chain(() -> stage(flowId, "DesiredStateWithRevokeValidator", st ->
                        validators.existingEntitlements(tenantId, ctx.plan.revoke())))
                .chain(() -> stage(flowId, "DesiredStateApplicationFlowQueuingStage", st -> queue(ctx)));
    }

    private Uni<Void> loadTenant(Context ctx) {
        return stage(ctx.request.flowId(), "TenantLoader", st -> tenants.get(ctx.request.tenantId())
                .invoke(t -> ctx.tenantName = t.name()).replaceWithVoid());
    }

    /** New descriptors of an upgrade plus the entitled ones they replace (paired by name). */
    private Uni<Void> loadUpgradeDescriptors(Context ctx) {
        if (ctx.upgradePairs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>(ctx.upgradePairs.keySet());
        ids.addAll(ctx.upgradePairs.values());
        return registry.loadAll(ids).invoke(found -> {
            ctx.upgrades = inRequestOrder(found, new ArrayList<>(ctx.upgradePairs.keySet()));
            for (ApplicationDescriptor d : found) {
                if (ctx.upgradePairs.containsValue(d.id())) {
                    ctx.previous.put(d.id(), d);
                }
            }
        }).replaceWithVoid();
    }

    private static List<ApplicationDescriptor> inRequestOrder(List<ApplicationDescriptor> found, List<String> ids) {
        Map<String, ApplicationDescriptor> byId = new HashMap<>();
        found.forEach(d -> byId.put(d.id(), d));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** One queued application flow per planned application; the partial unique index refuses a concurrent twin. */
    private Uni<Void> queue(Context ctx) {
        List<AppFlow> planned = new ArrayList<>();
        ctx.revokes.forEach(d -> planned.add(new AppFlow(UUID.randomUUID(), "REVOKE", d, null)));
        ctx.descriptors.forEach(d -> planned.add(new AppFlow(UUID.randomUUID(), "ENTITLE", d, null)));
        ctx.upgrades.forEach(d -> planned.add(new AppFlow(UUID.randomUUID(), "UPGRADE", d,
                ctx.previous.get(ctx.upgradePairs.get(d.id())))));
        String message = "STATE".equals(ctx.request.type()) ? "Found validation errors in desired state request"
                : "Found validation errors in entitlement request";
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AppFlow app : planned) {
            ApplicationDescriptor d = app.descriptor();
            ctx.appFlows.put(d.id(), app);
            String type = app.type();
            String entitledId = switch (type) {
                case "REVOKE" -> d.id();
                case "UPGRADE" -> app.previous().id();
                default -> null;
            };
            String capitalized = type.charAt(0) + type.substring(1).toLowerCase();
            chain = chain.chain(() -> flows.insertApplicationFlow(app.id(), ctx.request.flowId(), ctx.request.tenantId(), d.id(),
                            d.name(), d.version(), type, entitledId)
                    .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                            ? new RequestValidationException(message, List.of(ApiException.param(d.id(), capitalized + " flow is in progress"))) : e)
                    .invoke(queued -> {
                        if (!queued) {   // a concurrent flow revoked or upgraded it since validation
                            throw new RequestValidationException(message, List.of(ApiException.param(d.id(), capitalized + " flow finished")));
                        }
                        ctx.queuedAppFlows.add(app.id());
                    }).replaceWithVoid());
        }
        return chain;
    }

    /** Revokes first, dependents before their dependencies; then entitle and upgrade together, layer by layer. */
    private Uni<Void> runLayers(Context ctx) {
        List<List<ApplicationDescriptor>> revokeLayers = new ArrayList<>(Graphs.applicationLayers(ctx.revokes));
        java.util.Collections.reverse(revokeLayers);
        List<ApplicationDescriptor> forward = new ArrayList<>(ctx.descriptors);
        forward.addAll(ctx.upgrades);
        List<List<ApplicationDescriptor>> layers = new ArrayList<>(revokeLayers);
        layers.addAll(Graphs.applicationLayers(forward));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<ApplicationDescriptor> layer : layers) {
            chain = chain.chain(() -> parallel(layer.stream().map(d -> runApplication(ctx, ctx.appFlows.get(d.id()))).toList()));
        }
        return chain;
    }

    // ---- application flow ----

    private Uni<Void> runApplication(Context ctx, AppFlow app) {
        UUID id = app.id();
        return stage(id, "ApplicationFlowInitializer", st -> flows.startApplicationFlow(id).map(started -> {
                    if (!started) {
                        throw new IllegalStateException("Application flow cannot be started: the flow is no longer running");
                    }
                    ctx.startedAppFlows.add(id);
                    return null;
                }))
                .chain(() -> switch (app.type()) {
                    case "REVOKE" -> revokeApplication(ctx, app);
                    case "UPGRADE" -> upgradeApplication(ctx, app);
                    default -> entitleApplication(ctx, app);
                })
                .onFailure(e -> ctx.request.ignoreErrors()).call(e -> ctx.startedAppFlows.contains(id)
                        ? stage(id, "FailedApplicationFlowFinalizer", st -> flows.finishApplicationFlow(id, "FAILED"))
                        .onFailure().recoverWithNull()
                        : Uni.createFrom().voidItem());
    }

    /** {@code ApplicationDiscoveryLoader}: every backend module of the application needs a location. */
    private Uni<Map<String, String>> discover(AppFlow app) {
        ApplicationDescriptor d = app.descriptor();
        Map<String, String> locations = new ConcurrentHashMap<>();
        return stage(app.id(), "ApplicationDiscoveryLoader", st -> {
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
        }).replaceWith(locations);
    }

    private Uni<Void> entitleApplication(Context ctx, AppFlow app) {
        UUID id = app.id();
        ApplicationDescriptor d = app.descriptor();
        UUID tenantId = ctx.request.tenantId();
        return stage(id, "ApplicationDescriptorValidator", st -> Uni.createFrom().voidItem().invoke(() -> validateDescriptor(d)))
                .chain(() -> stage(id, "ApplicationDependencySaver", st -> entitlements.saveDependencies(tenantId, d)
                .invoke(saved -> {
                    if (saved) {
                        ctx.rollbacks.push(new Rollback(id, "ApplicationDependencySaver", id,
                                () -> entitlements.deleteDependencies(tenantId, d.id())));
                    }
                }).replaceWithVoid()))
                .chain(() -> stage(id, "EntitleRequestDependencyValidator", st -> dependenciesInstalled(tenantId, d)))
                .chain(() -> discover(app))
                .chain(locations -> {
                    Uni<Void> levels = Uni.createFrom().voidItem();
                    for (List<String> level : Graphs.moduleLevels(d)) {
                        levels = levels.chain(() -> parallel(level.stream()
                                .map(moduleId -> installModule(ctx, app, moduleId, locations.get(moduleId))).toList()));
                    }
                    return levels;
                })
                .chain(() -> stage(id, "EntitleApplicationFlowFinalizer", st ->
                        entitlements.insertFinishing(id, ctx.request.tenantId(), d.id(), d.name(), d.version())
                                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                                        ? new RequestValidationException("Found validation errors in entitlement request",
                                        List.of(ApiException.param(d.id(), "Entitle flow finished"))) : e)
                                .invoke(inserted -> requireRunning(inserted, id))
                                .invoke(() -> ctx.rollbacks.push(new Rollback(id, "EntitleApplicationFlowFinalizer", id,
                                        () -> entitlements.delete(ctx.request.tenantId(), d.id()))))
                                .replaceWithVoid()));
    }

    /** folio.md §4.5.2: dependents first, modules in reverse level order, then the entitlement row goes. */
    private Uni<Void> revokeApplication(Context ctx, AppFlow app) {
        UUID id = app.id();
        ApplicationDescriptor d = app.descriptor();
        UUID tenantId = ctx.request.tenantId();
        return stage(id, "RevokeRequestDependencyValidator", st -> entitlements.entitledDependents(tenantId, d.name())
                .map(dependents -> {
                    if (!dependents.isEmpty()) {
                        throw new RequestValidationException("The following applications must be uninstalled first: " + dependents, null);
                    }
                    return null;
                }))
                .chain(() -> discover(app))
                .chain(locations -> {
                    List<List<String>> levels = new ArrayList<>(Graphs.moduleLevels(d));
                    java.util.Collections.reverse(levels);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (List<String> level : levels) {
                        chain = chain.chain(() -> parallel(level.stream()
                                .map(moduleId -> uninstallModule(ctx, app, moduleId, locations.get(moduleId))).toList()));
                    }
                    return chain;
                })
                // rollback (a revoke inside a state flow with ignoreErrors=false): the dependency rows are saved again
                .chain(() -> stage(id, "ApplicationDependencyCleaner", st -> entitlements.deleteDependencies(tenantId, d.id())
                        .invoke(() -> ctx.rollbacks.push(new Rollback(id, "ApplicationDependencyCleaner", id,
                                () -> entitlements.saveDependencies(tenantId, d).replaceWithVoid())))))
                .chain(() -> stage(id, "RevokeApplicationFlowFinalizer", st -> entitlements.revokeFinishing(id, tenantId, d.id())
                        .invoke(done -> requireRunning(done, id)).replaceWithVoid()));
    }

    /**
     * {@code EntitleRequestDependencyValidator}: the last application flow of each declared dependency (by name) is
     * a finished entitle or upgrade whose version satisfies the declared version or range.
     */
    private Uni<Void> dependenciesInstalled(UUID tenantId, ApplicationDescriptor d) {
        if (d.dependencies().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> names = d.dependencies().stream().map(ApplicationDescriptor.Dependency::name).distinct().toList();
        return flows.lastFlowsByName(tenantId, names).map(last -> {
            Map<String, FlowStore.LastFlow> byName = new HashMap<>();
            last.forEach(f -> byName.put(f.name(), f));
            List<String> missing = new ArrayList<>();
            for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
                FlowStore.LastFlow f = byName.get(dep.name());
                boolean installed = f != null && "FINISHED".equals(f.status()) && !"REVOKE".equals(f.type())
                        && Semver.satisfies(Semver.parseId(f.applicationId()).version(), dep.version());
                if (!installed) {
                    missing.add(dep.name() + " " + dep.version());
                }
            }
            if (!missing.isEmpty()) {
                throw new RequestValidationException("The following application dependencies must be installed first: "
                        + String.join(", ", missing));
            }
            return null;
        });
    }

    /**
     * {@code ApplicationDescriptorValidator} (folio.md §4.5.1 step 2): the registry's validation of the descriptor;
     * the first problem is reported as upstream reports mgr-applications' answer.
     */
    private static void validateDescriptor(ApplicationDescriptor d) {
        List<String> errors = org.onboarding.entitlement.registry.ApplicationDescriptorChecks.errors(d);
        if (!errors.isEmpty()) {
            throw new RequestValidationException("Invalid application descriptor. Details: " + errors.get(0),
                    List.of(ApiException.param("application", d.id())));
        }
    }

    /** A finalizer that found its application flow already failed (sync timeout) must not record success. */
    private static void requireRunning(boolean running, UUID applicationFlowId) {
        if (!running) {
            throw new IllegalStateException("Application flow is no longer running: " + applicationFlowId);
        }
    }

    /**
     * {@code <moduleId>-folioModuleUninstaller}: forget it for this app; when no other application of the tenant uses
     * it, the tenant API is told as upstream tells it ({@link ModuleTenantClient#uninstall}: 2.x only to purge, 1.x
     * disable or purge).
     */
    private Uni<Void> uninstallModule(Context ctx, AppFlow app, String moduleId, String location) {
        UUID tenantId = ctx.request.tenantId();
        String applicationId = app.descriptor().id();
        java.util.Optional<ApplicationDescriptor.Interface> tenantApi = tenantInterface(app.descriptor(), moduleId);
        return stage(app.id(), moduleId + "-folioModuleUninstaller", st -> entitlements.forgetModule(tenantId, moduleId, applicationId)
                .chain(() -> entitlements.moduleEnabledForTenant(tenantId, moduleId))
                .chain(stillUsed -> stillUsed || tenantApi.isEmpty() ? Uni.createFrom().voidItem()
                        : moduleClient.uninstall(location, ctx.tenantName, ctx.request.token(), moduleId, tenantApi.get(),
                        ctx.request.purge(), st)));
    }

    private static java.util.Optional<ApplicationDescriptor.Interface> tenantInterface(ApplicationDescriptor d, String moduleId) {
        return d.descriptorOf(moduleId).flatMap(ApplicationDescriptor.ModuleDescriptor::tenantInterface);
    }

    /**
     * folio.md §4.5.3 and §7: modules paired by name with the entitled version; unchanged ones are re-recorded under
     * the new application, new or changed ones enabled through the tenant API ({@code module_to} only), dropped ones
     * forgotten last, in reverse order. The entitlement row then moves to the new application id.
     */
    private Uni<Void> upgradeApplication(Context ctx, AppFlow app) {
        UUID id = app.id();
        ApplicationDescriptor d = app.descriptor();
        ApplicationDescriptor old = app.previous();
        UUID tenantId = ctx.request.tenantId();
        Map<String, String> oldByName = new HashMap<>();
        old.modules().forEach(m -> oldByName.put(moduleName(m), m.id()));
        java.util.Set<String> newNames = new java.util.HashSet<>();
        d.modules().forEach(m -> newNames.add(moduleName(m)));
        List<String> deprecated = new ArrayList<>();
        List<List<String>> oldLevels = new ArrayList<>(Graphs.moduleLevels(old));
        java.util.Collections.reverse(oldLevels);
        for (List<String> level : oldLevels) {
            for (int i = level.size() - 1; i >= 0; i--) {
                String oldId = level.get(i);
                if (old.modules().stream().filter(m -> m.id().equals(oldId)).noneMatch(m -> newNames.contains(moduleName(m)))) {
                    deprecated.add(oldId);
                }
            }
        }
        return stage(id, "UpgradeRequestDependencyValidator", st -> Uni.createFrom().voidItem())
                .chain(() -> discover(app))
                .chain(locations -> {
                    Uni<Void> levels = Uni.createFrom().voidItem();
                    for (List<String> level : Graphs.moduleLevels(d)) {
                        levels = levels.chain(() -> parallel(level.stream().map(moduleId -> updateModule(ctx, app,
                                moduleId, oldByName.get(moduleName(d, moduleId)), locations.get(moduleId))).toList()));
                    }
                    for (String oldId : deprecated) {
                        levels = levels.chain(() -> stage(id, oldId + "-folioModuleUpdater",
                                st -> entitlements.forgetModule(tenantId, oldId, old.id())));
                    }
                    return levels;
                })
                .chain(() -> stage(id, "ApplicationDependencyUpdater", st -> entitlements.deleteDependencies(tenantId, old.id())
                        .chain(() -> entitlements.saveDependencies(tenantId, d)).replaceWithVoid()))
                .chain(() -> stage(id, "UpgradeApplicationFlowFinalizer", st ->
                        entitlements.replaceFinishing(id, tenantId, old.id(), d.id(), d.name(), d.version())
                                .invoke(done -> requireRunning(done, id)).replaceWithVoid()));
    }

    /** {@code <moduleId>-folioModuleUpdater} for a module of the new version; {@code oldId} null when it is new. */
    private Uni<Void> updateModule(Context ctx, AppFlow app, String moduleId, String oldId, String location) {
        UUID tenantId = ctx.request.tenantId();
        String applicationId = app.descriptor().id();
        String oldApplicationId = app.previous().id();
        boolean tenantApi = tenantInterface(app.descriptor(), moduleId).isPresent();
        return stage(app.id(), moduleId + "-folioModuleUpdater", st -> {
            if (moduleId.equals(oldId)) {
                return entitlements.recordModule(tenantId, moduleId, applicationId)
                        .chain(() -> entitlements.forgetModule(tenantId, moduleId, oldApplicationId));
            }
            return entitlements.moduleEnabledForTenant(tenantId, moduleId)
                    .chain(enabled -> enabled || !tenantApi ? Uni.createFrom().voidItem()
                            : moduleClient.postTenant(location, ctx.tenantName, ctx.request.token(),
                            moduleClient.installBody(moduleId, ctx.request.tenantParameters()), st))
                    .chain(() -> entitlements.recordModule(tenantId, moduleId, applicationId))
                    .chain(() -> oldId == null ? Uni.createFrom().voidItem() : entitlements.forgetModule(tenantId, oldId, oldApplicationId));
        });
    }

    private static String moduleName(ApplicationDescriptor.ModuleRef m) {
        return m.name() != null ? m.name() : Semver.parseId(m.id()).name();
    }

    private static String moduleName(ApplicationDescriptor d, String moduleId) {
        return d.modules().stream().filter(m -> m.id().equals(moduleId)).findFirst().map(EntitleFlow::moduleName)
                .orElseGet(() -> Semver.parseId(moduleId).name());
    }

    /** {@code <moduleId>-folioModuleInstaller}: tenant API call unless the tenant already has the module. */
    private Uni<Void> installModule(Context ctx, AppFlow app, String moduleId, String location) {
        String name = moduleId + "-folioModuleInstaller";
        UUID tenantId = ctx.request.tenantId();
        String applicationId = app.descriptor().id();
        java.util.Optional<ApplicationDescriptor.Interface> tenantApi = tenantInterface(app.descriptor(), moduleId);
        return stage(app.id(), name, st -> entitlements.moduleEnabledForTenant(tenantId, moduleId)
                .chain(enabled -> enabled || tenantApi.isEmpty() ? Uni.createFrom().voidItem()
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

    /** Rollback of an install: forget the module for this app; unless another uses it, uninstall with purgeOnRollback. */
    private Uni<Void> disableModule(Context ctx, String moduleId, String applicationId, String location,
                                    java.util.Optional<ApplicationDescriptor.Interface> tenantApi) {
        UUID tenantId = ctx.request.tenantId();
        return entitlements.forgetModule(tenantId, moduleId, applicationId)
                .chain(() -> entitlements.moduleEnabledForTenant(tenantId, moduleId))
                .chain(stillUsed -> stillUsed || tenantApi.isEmpty() ? Uni.createFrom().voidItem()
                        : moduleClient.uninstall(location, ctx.tenantName, ctx.request.token(), moduleId, tenantApi.get(),
                        ctx.request.purgeOnRollback(), new StageContext()));
    }

    // ---- failure handling ----

    private Uni<Void> fail(Context ctx, Throwable error) {
        UUID flowId = ctx.request.flowId();
        if (!(error instanceof StageFailure)) {
            LOG.warnf(error, "Flow %s failed outside a stage", flowId);
        }
        Uni<Void> skipped = Uni.createFrom().voidItem();
        for (UUID appFlowId : List.copyOf(ctx.queuedAppFlows)) {
            if (!ctx.startedAppFlows.contains(appFlowId)) {   // never started: its queued row goes (folio.md §4.5.1)
                skipped = skipped.chain(() -> stage(appFlowId, "SkippedApplicationFlowFinalizer",
                        st -> flows.deleteQueuedApplicationFlow(appFlowId)).onFailure().recoverWithNull());
            }
        }
        Uni<String> outcome = skipped.chain(() -> ctx.request.ignoreErrors()
                ? stage(flowId, "FailedFlowFinalizer", st -> flows.deleteQueuedApplicationFlows(flowId)
                .chain(() -> flows.finishFlow(flowId, "FAILED"))).replaceWith("FAILED")
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
