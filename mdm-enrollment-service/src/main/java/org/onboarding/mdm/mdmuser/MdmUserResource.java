package org.onboarding.mdm.mdmuser;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.mdm.api.Envelope;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.security.Callers;

/**
 * Device employees of an organisation (Applivery's UEM MDM users): the people enrollment tokens point at.
 * The API document is hand-written in {@code META-INF/openapi.yaml} (annotation scanning is off).
 */
@Path("/v1/organizations/{organizationId}/mdm/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MdmUserResource {

    private final MdmUserService service;
    private final Callers callers;

    public MdmUserResource(MdmUserService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    public Uni<Envelope.Success<MdmUserView>> create(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @Valid @NotNull MdmUserView.CreateMdmUser body) {
        return service.create(callers.current(), organizationId, body).map(Envelope::ok);
    }

    @GET
    public Uni<Envelope.Success<Paginated<MdmUserView>>> list(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @QueryParam("page") String page, @QueryParam("limit") String limit, @QueryParam("sort") String sort) {
        return service.list(callers.current(), organizationId,
                PageQuery.parse(page, limit, sort, MdmUserService.SORTABLE)).map(Envelope::ok);
    }

    @GET
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId) {
        return service.get(callers.current(), organizationId, mdmUserId).map(Envelope::ok);
    }

    @PUT
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView>> update(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId,
            @Valid @NotNull MdmUserView.UpdateMdmUser body) {
        return service.update(callers.current(), organizationId, mdmUserId, body).map(Envelope::ok);
    }

    @DELETE
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView.Deleted>> delete(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId) {
        return service.delete(callers.current(), organizationId, mdmUserId).map(Envelope::ok);
    }
}
