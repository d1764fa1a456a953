package org.onboarding.entitlement.registry;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ExceptionMappers;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.List;
import java.util.Map;

/**
 * Application descriptors (mgr-applications' shape): reads need role admin, registering and deleting an unscoped
 * admin; an entitled application cannot be deleted (the database refuses, see {@link ApplicationRegistry#delete}).
 */
@Path("/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class ApplicationResource {

    private final ApplicationRegistry registry;
    private final Caller caller;

    @POST
    public Uni<Response> register(JsonNode body) {
        caller.requireUnscopedAdmin();
        if (body == null || body.isMissingNode()) {
            throw ApiException.badRequest("HttpMessageNotReadableException", ExceptionMappers.MISSING_BODY);
        }
        if (!(body instanceof ObjectNode descriptor)) {
            throw ApiException.requestValidation("Application descriptor must be a JSON object");
        }
        return registry.register(descriptor).map(saved -> Response.status(201).entity(saved).build());
    }

    @GET
    public Uni<Map<String, Object>> find(@QueryParam("query") String query, @QueryParam("full") String full,
                                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        caller.requireAdmin();
        Params.Page page = Params.page("getApplicationsByQuery", limit, offset, false);
        return registry.find(query, Params.bool("full", full), page.limit(), page.offset())
                .map(l -> l.json("applicationDescriptors"));
    }

    @GET
    @Path("/{id}")
    public Uni<JsonNode> get(@PathParam("id") String id, @QueryParam("full") String full) {
        caller.requireAdmin();
        return registry.get(id, Params.bool("full", full));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        caller.requireUnscopedAdmin();
        return registry.delete(id).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/discovery")
    public Uni<Map<String, Object>> discovery(@PathParam("id") String id) {
        caller.requireAdmin();
        return registry.loadAll(List.of(id)).flatMap(apps -> registry.discoveries(
                        apps.get(0).modules().stream().map(ApplicationDescriptor.ModuleRef::id).toList()))
                .map(list -> Map.of("discovery", list, "totalRecords", list.size()));
    }
}
