package org.onboarding.ziti.ca;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.EditableManagementResource;

/** {@code /cas} (management): "Requires admin access" upstream, so role {@code admin} here, reads included. */
@Path("/edge/management/v1/cas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class CaResource extends EditableManagementResource {

    static final String JWT = "application/jwt";

    private final CaService service;

    public CaResource(CaService service) {
        super(ManagedCollection.of("ca", service::list, service::detail, service::delete), "cas");
        this.service = service;
    }

    @Override
    protected Uni<String> insert(String body) {
        return service.create(CaFields.create(body));
    }

    @Override
    protected Uni<Void> change(String id, String body, boolean replace) {
        return service.update(id, replace ? CaFields.update(body) : CaFields.patch(body), replace);
    }

    /** The JWT as text ({@code application/jwt}); errors stay JSON envelopes. */
    @GET
    @Path("/{id}/jwt")
    @Produces({JWT, MediaType.APPLICATION_JSON})
    public Uni<Response> jwt(@PathParam("id") String id) {
        return service.jwt(id).map(jwt -> Response.ok(jwt, JWT).build());
    }

    /** Body: the PEM verification certificate ({@code text/plain} in the spec; any type is read as text). */
    @POST
    @Path("/{id}/verify")
    @Consumes(MediaType.WILDCARD)
    public Uni<Envelopes.Envelope> verify(@PathParam("id") String id, String pem) {
        return service.verify(id, pem).replaceWith(Envelopes.empty());
    }
}
