package org.onboarding.ziti.identity;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.CreatingManagementResource;

/** {@code /identities}: "Requires admin access" upstream, so role {@code admin} here. */
@Path("/edge/management/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class IdentityResource extends CreatingManagementResource {

    private final IdentityService service;

    public IdentityResource(IdentityService service, IdentityQueries queries) {
        super(ManagedCollection.of("identity", queries::list, queries::detail, service::delete), "identities");
        this.service = service;
    }

    @Override
    protected Uni<String> insert(String body) {
        return service.create(NewIdentity.from(body));
    }

    /** {@code updateIdentity}: replaces every updatable field; 200 with the empty envelope. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> update(@PathParam("id") String id, String body) {
        return service.update(id, IdentityFields.update(body), true).replaceWith(Envelopes.empty());
    }

    /** {@code patchIdentity}: only the fields the body names change; 200 with the empty envelope. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> patch(@PathParam("id") String id, String body) {
        return service.update(id, IdentityFields.patch(body), false).replaceWith(Envelopes.empty());
    }
}
