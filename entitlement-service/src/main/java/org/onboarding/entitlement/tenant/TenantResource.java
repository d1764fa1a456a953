package org.onboarding.entitlement.tenant;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tenant registry endpoints (mgr-tenants shape), role admin. The {@code tenants} claim applies: a scoped admin
 * lists, reads and updates only its own tenants; creating and deleting tenants needs an unscoped admin.
 */
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class TenantResource {

    public record TenantBody(UUID id,
                             @NotBlank @Size(max = 63) @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must match \"[a-z][a-z0-9_]*\"") String name,
                             String description) {
    }

    private final TenantRegistry tenants;
    private final Caller caller;

    @POST
    public Uni<Response> create(@Valid @NotNull TenantBody body) {
        caller.requireUnscopedAdmin();
        return tenants.create(body.id(), body.name(), body.description())
                .map(t -> Response.status(201).entity(t).build());
    }

    /** A caller limited by its {@code tenants} claim lists only those tenants. */
    @GET
    public Uni<Map<String, Object>> find(@QueryParam("query") String query, @QueryParam("limit") String limit,
                                         @QueryParam("offset") String offset) {
        caller.requireAdmin();
        Params.Page page = Params.page("getTenantsByQuery", limit, offset, false);
        return tenants.find(query, caller.visibleTenants(), page.limit(), page.offset())
                .map(l -> l.json("tenants"));
    }

    @GET
    @Path("/{id}")
    public Uni<TenantRegistry.TenantView> get(@PathParam("id") String id) {
        caller.requireAdmin();
        UUID tenantId = Params.uuid("id", id);
        return caller.checkTenantScope(tenantId).chain(() -> tenants.get(tenantId));
    }

    /** Changes the description of one of the caller's tenants (mgr-tenants' {@code PUT /tenants/{id}}). */
    @PUT
    @Path("/{id}")
    public Uni<TenantRegistry.TenantView> update(@PathParam("id") String id, @Valid @NotNull TenantBody body) {
        caller.requireAdmin();
        UUID tenantId = Params.uuid("id", id);
        if (body.id() != null && !body.id().equals(tenantId)) {
            throw ApiException.requestValidation("Tenant id in the body does not match the path",
                    List.of(ApiException.param("id", body.id().toString())));
        }
        return caller.checkTenantScope(tenantId)
                .chain(() -> tenants.update(tenantId, body.name(), body.description()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        caller.requireUnscopedAdmin();
        return tenants.delete(Params.uuid("id", id)).replaceWith(Response.noContent().build());
    }
}
