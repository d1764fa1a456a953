package org.onboarding.ziti.apisession;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ZitiTime;
import org.onboarding.ziti.auth.ApiSessionIdentityProvider;
import org.onboarding.ziti.auth.ClientApiResource;

import java.util.Map;

/** {@code /edge/client/v1/current-api-session}: the caller's own API session, and logout. */
@Path("/edge/client/v1/current-api-session")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
public class CurrentApiSessionResource extends ClientApiResource {

    private final ApiSessionService service;

    public CurrentApiSessionResource(ApiSessionService service, SecurityIdentity caller) {
        super(caller);
        this.service = service;
    }

    @GET
    public Uni<Envelopes.Envelope> detail(@HeaderParam("zt-session") String token) {
        return service.detail(apiSessionId(), token).map(Envelopes::detail);
    }

    /**
     * {@code lastChangeAt}: when services or service policies (or an identity's roles) last changed; an SDK re-reads
     * {@code /services} when it moves.
     */
    @GET
    @Path("/service-updates")
    public Uni<Envelopes.Envelope> serviceUpdates() {
        return service.lastServiceChange()
                .map(at -> Envelopes.detail(Map.of("lastChangeAt", ZitiTime.format(at))));
    }

    /** Logout: the API session and its sessions are gone; the token gives 401 from now on. */
    @DELETE
    public Uni<Envelopes.Envelope> logout() {
        return service.delete(apiSessionId()).replaceWith(Envelopes.empty());
    }
}
