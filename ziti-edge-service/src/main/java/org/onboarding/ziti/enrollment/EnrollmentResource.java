package org.onboarding.ziti.enrollment;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ManagedCollection;
import org.onboarding.ziti.api.CreatingManagementResource;
import org.onboarding.ziti.api.JsonBody;

import java.time.Instant;

/** {@code /enrollments}: "Requires admin access" upstream, so role {@code admin} here. */
@Path("/edge/management/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class EnrollmentResource extends CreatingManagementResource {

    private final EnrollmentService service;

    public EnrollmentResource(EnrollmentService service, EnrollmentQueries queries) {
        super(ManagedCollection.of("enrollment", queries::list, queries::detail, service::delete), "enrollments");
        this.service = service;
    }

    @Override
    protected Uni<String> insert(String body) {
        return service.create(NewEnrollment.from(body));
    }

    @POST
    @Path("/{id}/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelopes.Envelope> refresh(@PathParam("id") String id, String body) {
        JsonBody refresh = JsonBody.parse("refresh", body);
        Instant expiresAt = refresh.dateTime("expiresAt");
        JsonBody.required("expiresAt", expiresAt);
        // upstream answers the empty envelope, not a createEnvelope, as the controller does
        return service.refresh(id, expiresAt).replaceWith(Envelopes.empty());
    }
}
