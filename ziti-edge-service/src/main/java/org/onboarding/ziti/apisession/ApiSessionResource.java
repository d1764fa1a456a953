package org.onboarding.ziti.apisession;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ListParams;

/**
 * {@code /api-sessions} on the management API: list (ZitiQL), detail and delete. Deleting one logs its holder out
 * and removes its sessions.
 */
@Path("/edge/management/v1/api-sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ApiSessionResource {

    private final ApiSessionQueries queries;
    private final ApiSessionService service;

    public ApiSessionResource(ApiSessionQueries queries, ApiSessionService service) {
        this.queries = queries;
        this.service = service;
    }

    @GET
    public Uni<Envelopes.Envelope> list(@BeanParam ListParams params) {
        return queries.list(params);
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return queries.detail(id).map(Envelopes::detail);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return service.delete(id).replaceWith(Envelopes.empty());
    }
}
