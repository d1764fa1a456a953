package org.onboarding.entitlement.entitlement;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.EntityNotFoundException;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.common.RequestValidationException;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.EntitleFlow;
import org.onboarding.entitlement.security.Caller;
import org.onboarding.entitlement.tenant.TenantRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /entitlements}: entitle and search (folio.md §2.1, §2.3, §2.7). */
@Path("/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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
    private final Caller caller;

    public EntitlementResource(EntitleFlow entitleFlow, EntitlementStore store, TenantRegistry tenants, Caller caller) {
        this.entitleFlow = entitleFlow;
        this.store = store;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull EntitlementRequestBody body,
                                @QueryParam("tenantParameters") String tenantParameters,
                                @QueryParam("ignoreErrors") String ignoreErrors,
                                @QueryParam("async") String async,
                                @QueryParam("purgeOnRollback") String purgeOnRollback) {
        caller.requireOperator();
        EntitleFlow.Request request = new EntitleFlow.Request(UUID.randomUUID(), body.tenantId(), List.copyOf(body.applications()),
                Params.bool("ignoreErrors", ignoreErrors), Params.bool("purgeOnRollback", purgeOnRollback),
                tenantParameters(tenantParameters), caller.token());
        boolean runAsync = Params.bool("async", async);
        ExtendedEntitlements echo = new ExtendedEntitlements(body.applications().size(), request.flowId(),
                body.applications().stream().map(id -> new EntitlementItem(id, body.tenantId())).toList());
        return checkTenantScope(body.tenantId()).chain(() -> {
            if (runAsync) {
                entitleFlow.run(request).subscribe().with(ok -> { },
                        e -> LOG.infof("Asynchronous flow %s ended: %s", request.flowId(), e.getMessage()));
                return Uni.createFrom().item(Response.status(201).entity(echo).build());
            }
            return entitleFlow.run(request).replaceWith(Response.status(201).entity(echo).build());
        });
    }

    /** A caller limited by its {@code tenants} claim may only act on those tenants (unknown tenants fail in the flow). */
    private Uni<Void> checkTenantScope(UUID tenantId) {
        if (caller.allTenants()) {
            return Uni.createFrom().voidItem();
        }
        return tenants.get(tenantId).onFailure(EntityNotFoundException.class).recoverWithNull()
                .invoke(t -> {
                    if (t == null || !caller.mayActOn(t.name())) {
                        throw new org.onboarding.entitlement.common.ForbiddenException("Access Denied: tenant is not allowed for the caller: " + tenantId);
                    }
                }).replaceWithVoid();
    }

    @GET
    public Uni<Map<String, Object>> find(@QueryParam("query") String query, @QueryParam("tenant") String tenant,
                                         @QueryParam("includeModules") String includeModules,
                                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        caller.requireReader();
        Params.Page page = Params.page("findByQueryOrTenantName", limit, offset, true);
        boolean modules = Params.bool("includeModules", includeModules);
        if (query != null && !query.isBlank() && tenant != null && !tenant.isBlank()) {
            throw new RequestValidationException("Both 'query' and 'tenant' parameters are provided but only one of them has to be specified",
                    List.of(ApiException.param("query", query), ApiException.param("tenant", tenant)));
        }
        if (tenant != null && !tenant.isBlank()) {
            caller.requireTenant(tenant);
            return tenants.getByName(tenant).flatMap(t -> store.find("tenantId==" + t.id(), modules, page.limit(), page.offset()))
                    .map(EntitlementResource::page);
        }
        if (!caller.allTenants()) {
            throw new org.onboarding.entitlement.common.ForbiddenException(
                    "Access Denied: a caller limited to some tenants must name one with the 'tenant' parameter");
        }
        return store.find(query, modules, page.limit(), page.offset()).map(EntitlementResource::page);
    }

    @GET
    @Path("/modules/{moduleId}")
    public Uni<Map<String, Object>> byModule(@PathParam("moduleId") String moduleId, @QueryParam("limit") String limit,
                                             @QueryParam("offset") String offset) {
        caller.requireReader();
        if (!caller.allTenants()) {
            throw new org.onboarding.entitlement.common.ForbiddenException("Access Denied: all-tenant access is required");
        }
        Params.Page page = Params.page("getModuleEntitlements", limit, offset, true);
        return store.byModule(moduleId, page.limit(), page.offset()).map(EntitlementResource::page);
    }

    private static Map<String, Object> page(EntitlementStore.Page p) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("totalRecords", p.totalRecords());
        result.put("entitlements", p.entitlements());
        return result;
    }

    /** {@code k1=v1,k2=v2} into tenant-API parameters. */
    static Map<String, String> tenantParameters(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new org.onboarding.entitlement.common.InvalidArgumentException("Invalid tenantParameters: " + text);
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }
}
