package org.onboarding.entitlement.entitlement;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.flow.EntitleFlow;
import org.onboarding.entitlement.security.Caller;
import org.onboarding.entitlement.tenant.TenantRegistry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /entitlements}: entitle, upgrade, revoke, desired state, validate and search. */
@Path("/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class EntitlementResource {

    private static final Logger LOG = Logger.getLogger(EntitlementResource.class);

    public record EntitlementRequestBody(@NotNull UUID tenantId, @NotNull @Size(min = 1, max = 50) List<@NotNull String> applications) {
    }

    public record EntitlementItem(String applicationId, UUID tenantId) {
    }

    public record ExtendedEntitlements(int totalRecords, UUID flowId, List<EntitlementItem> entitlements) {
    }

    private final EntitleFlow entitleFlow;
    private final EntitlementStore store;
    private final TenantRegistry tenants;
    private final ApplicationRegistry registry;
    private final EntitlementValidation validation;
    private final Caller caller;

    @POST
    public Uni<Response> create(@Valid @NotNull EntitlementRequestBody body,
                                @QueryParam("tenantParameters") String tenantParameters,
                                @QueryParam("ignoreErrors") String ignoreErrors,
                                @QueryParam("async") String async,
                                @QueryParam("purgeOnRollback") String purgeOnRollback) {
        caller.requireOperator();
        EntitleFlow.Request request = EntitleFlow.Request.entitle(body.tenantId(), List.copyOf(body.applications()),
                Params.bool("ignoreErrors", ignoreErrors), Params.bool("purgeOnRollback", purgeOnRollback),
                Params.tenantParameters(tenantParameters), caller.token());
        return execute(request, Params.bool("async", async), 201);
    }

    /** Upgrade (see README, Contract notes, Request flags): always ignoreErrors, no purge, no rollback. */
    @PUT
    public Uni<Response> upgrade(@Valid @NotNull EntitlementRequestBody body,
                                 @QueryParam("tenantParameters") String tenantParameters,
                                 @QueryParam("async") String async) {
        caller.requireOperator();
        EntitleFlow.Request request = EntitleFlow.Request.upgrade(body.tenantId(), List.copyOf(body.applications()),
                Params.tenantParameters(tenantParameters), caller.token());
        return execute(request, Params.bool("async", async), 200);
    }

    /** Revoke: the {@code ignoreErrors} value is validated but always taken as true (see README, Contract notes, Request flags). */
    @DELETE
    public Uni<Response> revoke(@Valid @NotNull EntitlementRequestBody body,
                                @QueryParam("tenantParameters") String tenantParameters,
                                @QueryParam("ignoreErrors") String ignoreErrors,
                                @QueryParam("purge") String purge,
                                @QueryParam("async") String async) {
        caller.requireOperator();
        Params.bool("ignoreErrors", ignoreErrors);
        EntitleFlow.Request request = EntitleFlow.Request.revoke(body.tenantId(), List.copyOf(body.applications()),
                Params.bool("purge", purge), Params.tenantParameters(tenantParameters), caller.token());
        return execute(request, Params.bool("async", async), 200);
    }

    public record DesiredStateRequestBody(@NotNull UUID tenantId, @NotNull @Size(min = 0, max = 150) List<@NotNull String> applications) {
    }

    /** Desired state (see README, Contract notes, Request flags): all of ignoreErrors, purge and purgeOnRollback are honoured. */
    @PUT
    @Path("/state")
    public Uni<Response> applyState(@Valid @NotNull DesiredStateRequestBody body,
                                    @QueryParam("tenantParameters") String tenantParameters,
                                    @QueryParam("ignoreErrors") String ignoreErrors,
                                    @QueryParam("async") String async,
                                    @QueryParam("purge") String purge,
                                    @QueryParam("purgeOnRollback") String purgeOnRollback) {
        caller.requireOperator();
        EntitleFlow.Request request = EntitleFlow.Request.state(body.tenantId(), List.copyOf(body.applications()),
                Params.bool("ignoreErrors", ignoreErrors), Params.bool("purge", purge),
                Params.bool("purgeOnRollback", purgeOnRollback), Params.tenantParameters(tenantParameters), caller.token());
        return execute(request, Params.bool("async", async), 200);
    }

    /** Sync: waits (bounded by the execution timeout); async: answers at once with the flow id, the flow runs on. */
    private Uni<Response> execute(EntitleFlow.Request request, boolean runAsync, int status) {
        ExtendedEntitlements echo = new ExtendedEntitlements(request.applications().size(), request.flowId(),
                request.applications().stream().map(id -> new EntitlementItem(id, request.tenantId())).toList());
        return caller.checkTenantScope(request.tenantId()).chain(() -> {
            if (runAsync) {
                entitleFlow.run(request).subscribe().with(ok -> { },
                        e -> LOG.infof("Asynchronous flow %s ended: %s", request.flowId(), e.getMessage()));
                return Uni.createFrom().item(Response.status(status).entity(echo).build());
            }
            return entitleFlow.runSync(request).replaceWith(Response.status(status).entity(echo).build());
        });
    }

    /** Dry run of the request validators: 204 when valid, their error directly otherwise. */
    @POST
    @Path("/validate")
    public Uni<Response> validate(@Valid @NotNull EntitlementRequestBody body,
                                  @QueryParam("entitlementRequestType") String entitlementRequestType,
                                  @QueryParam("validator") String validator) {
        caller.requireOperator();
        return caller.checkTenantScope(body.tenantId())
                .chain(() -> validation.validate(entitlementRequestType, validator, body.tenantId(), List.copyOf(body.applications())))
                .replaceWith(Response.noContent().build());
    }

    /** Full descriptors of a tenant's entitled applications, paged in memory. */
    @GET
    @Path("/{tenantName}/applications")
    public Uni<Map<String, Object>> entitledApplications(@PathParam("tenantName") String tenantName,
                                                         @HeaderParam("x-okapi-tenant") String okapiTenant,
                                                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        caller.requireReader();
        if (okapiTenant == null) {
            throw ApiException.badRequest("MissingRequestHeaderException",
                    "Required request header 'x-okapi-tenant' for method parameter type String is not present");
        }
        Params.Page page = Params.page("findEntitledApplicationsByTenantName", limit, offset, false);
        caller.requireTenant(tenantName);
        return tenants.getByName(tenantName)
                .flatMap(t -> store.applicationIds(t.id()))
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<ApplicationDescriptor>of()) : registry.loadAll(ids))
                .map(descriptors -> new ListQuery.Page<>(descriptors.stream().skip(page.offset()).limit(page.limit())
                        .map(ApplicationDescriptor::json).toList(), descriptors.size()).json("applicationDescriptors"));
    }

    @GET
    public Uni<Map<String, Object>> find(@QueryParam("query") String query, @QueryParam("tenant") String tenant,
                                         @QueryParam("includeModules") String includeModules,
                                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        caller.requireReader();
        Params.Page page = Params.page("findByQueryOrTenantName", limit, offset, true);
        boolean modules = Params.bool("includeModules", includeModules);
        if (query != null && !query.isBlank() && tenant != null && !tenant.isBlank()) {
            throw ApiException.requestValidation("Both 'query' and 'tenant' parameters are provided but only one of them has to be specified",
                    List.of(ApiException.param("query", query), ApiException.param("tenant", tenant)));
        }
        if (tenant != null && !tenant.isBlank()) {
            caller.requireTenant(tenant);
            return tenants.getByName(tenant).flatMap(t -> store.find("tenantId==" + t.id(), modules, page.limit(), page.offset()))
                    .map(p -> p.json("entitlements"));
        }
        if (!caller.allTenants()) {
            throw org.onboarding.entitlement.common.ApiException.forbidden(
                    "Access Denied: a caller limited to some tenants must name one with the 'tenant' parameter");
        }
        return store.find(query, modules, page.limit(), page.offset()).map(p -> p.json("entitlements"));
    }

    @GET
    @Path("/modules/{moduleId}")
    public Uni<Map<String, Object>> byModule(@PathParam("moduleId") String moduleId, @QueryParam("limit") String limit,
                                             @QueryParam("offset") String offset) {
        caller.requireReader();
        if (!caller.allTenants()) {
            throw org.onboarding.entitlement.common.ApiException.forbidden("Access Denied: all-tenant access is required");
        }
        Params.Page page = Params.page("getModuleEntitlements", limit, offset, true);
        return store.byModule(moduleId, page.limit(), page.offset()).map(p -> p.json("entitlements"));
    }

}
