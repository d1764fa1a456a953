package org.onboarding.ziti.apisession;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.ManagementResource;

/**
 * {@code /api-sessions} on the management API: list (ZitiQL), detail and delete. Deleting one logs its holder out
 * and removes its sessions.
 */
@Path("/edge/management/v1/api-sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ApiSessionResource extends ManagementResource<ManagedCollection> {

    public ApiSessionResource(ApiSessionQueries queries, ApiSessionService service) {
        super(ManagedCollection.of("apiSession", queries::list, queries::detail, service::delete));
    }
}
