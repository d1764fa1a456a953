package org.onboarding.mdm.user;

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
import org.onboarding.mdm.api.CallerResource;
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
public class MdmUserResource extends CallerResource<MdmUserService> {

    public MdmUserResource(MdmUserService service, Callers callers) {
        super(service, callers);
    }

    @POST
    public Uni<Envelope.Success<MdmUserView>> create(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @Valid @NotNull MdmUserView.CreateMdmUser body) {
        return answer(caller -> service.create(caller, organizationId, body));
    }

    @GET
    public Uni<Envelope.Success<Paginated<MdmUserView>>> list(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @QueryParam("page") String page, @QueryParam("limit") String limit, @QueryParam("sort") String sort,
            @QueryParam("email") String email) {
        return answer(caller -> service.list(caller, organizationId,
                PageQuery.parse(page, limit, sort, MdmUserService.SORTABLE), MdmUserService.emailFilter(email)));
    }

    @GET
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId) {
        return answer(caller -> service.get(caller, organizationId, mdmUserId));
    }

    @PUT
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView>> update(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId,
            @Valid @NotNull MdmUserView.UpdateMdmUser body) {
        return answer(caller -> service.update(caller, organizationId, mdmUserId, body));
    }

    @DELETE
    @Path("/{mdmUserId}")
    public Uni<Envelope.Success<MdmUserView.Deleted>> delete(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("mdmUserId") @Pattern(regexp = ObjectIds.REGEX) String mdmUserId) {
        return answer(caller -> service.delete(caller, organizationId, mdmUserId));
    }
}
