package org.onboarding.ziti.session;

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

/** {@code /sessions} on the management API (README, Sessions); upstream permission {@code ops}, here role admin. */
@Path("/edge/management/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class SessionResource {

    private final SessionQueries queries;
    private final SessionService service;

    public SessionResource(SessionQueries queries, SessionService service) {
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
        return queries.managementDetail(id).map(Envelopes::detail);
    }

    /**
     * Upstream reads the path from live circuits; there is no data plane here, so it is always empty, and, as
     * upstream, an unknown session is not a 404 (README, Sessions).
     */
    @GET
    @Path("/{id}/route-path")
    public Envelopes.Envelope routePath(@PathParam("id") String id) {
        return Envelopes.detail(SessionQueries.routePath());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return service.delete(id).replaceWith(Envelopes.empty());
    }
}
