package org.onboarding.entitlement.registry;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
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
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.common.Params;
import org.onboarding.entitlement.security.Caller;

import java.util.List;
import java.util.Map;

/** Module discovery: backend module id → base URL the module's tenant API is called at. Role admin. */
@Path("/modules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class DiscoveryResource {

    public record DiscoveryItem(@NotBlank @jakarta.validation.constraints.Size(max = ApplicationRegistry.MAX_NAME) String id,
                                String name, String version, @NotBlank String location) {
    }

    public record DiscoveryBody(@NotNull @NotEmpty List<@Valid @NotNull DiscoveryItem> discovery) {
    }

    private final ApplicationRegistry registry;
    private final Caller caller;

    @POST
    @Path("/discovery")
    public Uni<Response> register(@Valid @NotNull DiscoveryBody body) {
        caller.requireUnscopedAdmin();
        return registry.saveDiscovery(body.discovery().stream()
                        .map(d -> new ApplicationRegistry.Discovery(d.id(), null, null, d.location())).toList())
                .map(saved -> Response.status(201).entity(Map.of("discovery", saved, "totalRecords", saved.size())).build());
    }

    @GET
    @Path("/discovery")
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        caller.requireAdmin();
        Params.Page page = Params.page("searchModuleDiscovery", limit, offset, false);
        return Uni.combine().all().unis(registry.allDiscoveries(page.limit(), page.offset()), registry.countDiscoveries())
                .asTuple().map(t -> new ListQuery.Page<>(t.getItem1(), t.getItem2()).json("discovery"));
    }

    @GET
    @Path("/{id}/discovery")
    public Uni<ApplicationRegistry.Discovery> get(@PathParam("id") String id) {
        caller.requireAdmin();
        return registry.discoveries(List.of(id)).map(list -> {
            if (list.isEmpty()) {
                throw ApiException.notFound("Module discovery is not found: " + id);
            }
            return list.get(0);
        });
    }

    @DELETE
    @Path("/{id}/discovery")
    public Uni<Response> delete(@PathParam("id") String id) {
        caller.requireUnscopedAdmin();
        return registry.deleteDiscovery(id).replaceWith(Response.noContent().build());
    }
}
