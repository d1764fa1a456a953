package org.onboarding.ziti.enrollment;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.JsonBody;

import java.time.Instant;

/** {@code /enrollments}: "Requires admin access" upstream, so role {@code admin} here. */
@Path("/edge/management/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class EnrollmentResource {

    private final EnrollmentService service;
    private final EnrollmentQueries queries;

    public EnrollmentResource(EnrollmentService service, EnrollmentQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    @GET
    public Uni<Envelopes.Envelope> list(@BeanParam ListParams params) {
        return queries.list(params);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        NewEnrollment request = NewEnrollment.from(body);
        return service.create(request)
                .map(id -> Envelopes.createdResponse(id, "enrollments"));
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return queries.detail(id).map(detail -> Envelopes.detailOrNotFound(detail, "enrollment", id));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return service.delete(id).replaceWith(Envelopes.empty());
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
