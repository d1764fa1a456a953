package org.onboarding.ziti.identity;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.EditableManagementResource;

/** {@code /identities}: "Requires admin access" upstream, so role {@code admin} here. */
@Path("/edge/management/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class IdentityResource extends EditableManagementResource {

    private final IdentityService service;

    public IdentityResource(IdentityService service, IdentityQueries queries) {
        super(ManagedCollection.of("identity", queries::list, queries::detail, service::delete), "identities");
        this.service = service;
    }

    @Override
    protected Uni<String> insert(String body) {
        return service.create(NewIdentity.from(body));
    }

    @Override
    protected Uni<Void> change(String id, String body, boolean replace) {
        return service.update(id, replace ? IdentityFields.update(body) : IdentityFields.patch(body), replace);
    }
}
