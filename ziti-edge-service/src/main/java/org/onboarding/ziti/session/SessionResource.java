package org.onboarding.ziti.session;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.ManagementResource;

/** {@code /sessions} on the management API (README, Sessions); upstream permission {@code ops}, here role admin. */
@Path("/edge/management/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class SessionResource extends ManagementResource<ManagedCollection> {

    public SessionResource(SessionQueries queries, SessionService service) {
        super(ManagedCollection.of("session", queries::list, queries::managementDetail, service::delete));
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
}
