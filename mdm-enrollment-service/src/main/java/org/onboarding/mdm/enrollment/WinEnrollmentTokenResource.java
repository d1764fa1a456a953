package org.onboarding.mdm.enrollment;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * Windows enrollment tokens (README, Enrollment tokens and policies), permissions {@code mdm.windows.enrollmentToken.*}.
 * The API document is hand-written in {@code META-INF/openapi.yaml} (annotation scanning is off).
 */
@Path("/v1/organizations/{organizationId}/mdm/windows/enterprise/enrollment-tokens")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WinEnrollmentTokenResource extends CallerResource<WinEnrollmentTokenService> {

    public WinEnrollmentTokenResource(WinEnrollmentTokenService service, Callers callers) {
        super(service, callers);
    }

    @POST
    public Uni<Envelope.Success<WinEnrollmentTokenView>> create(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @HeaderParam(WinEnrollmentTokenService.IDEMPOTENCY_HEADER) String idempotencyKey,
            @Valid @NotNull EnrollmentTokenRequests.CreateToken body) {
        return answer(caller -> service.create(caller, organizationId, body, idempotencyKey));
    }

    @POST
    @Path("/bulk")
    public Uni<Envelope.Success<EnrollmentTokenRequests.BulkResult>> bulk(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @Valid @NotNull EnrollmentTokenRequests.BulkCreateTokens body) {
        return answer(caller -> service.bulkCreate(caller, organizationId, body));
    }

    @GET
    public Uni<Envelope.Success<Paginated<WinEnrollmentTokenView>>> list(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @QueryParam("page") String page, @QueryParam("limit") String limit, @QueryParam("sort") String sort,
            @QueryParam("mdm-user") String mdmUser, @QueryParam("win-policy") String winPolicy,
            @QueryParam("segmentId") String segmentId, @QueryParam("show-deleted") String showDeleted) {
        PageQuery query = PageQuery.parse(page, limit, sort, WinEnrollmentTokenService.SORTABLE);
        return answer(caller -> service.list(caller, organizationId, query,
                        PageQuery.objectId("mdm-user", mdmUser), PageQuery.objectId("win-policy", winPolicy),
                        PageQuery.integer("segmentId", segmentId), PageQuery.flag("show-deleted", showDeleted)));
    }

    @GET
    @Path("/{winEnrollmentTokenId}")
    public Uni<Envelope.Success<WinEnrollmentTokenView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winEnrollmentTokenId") @Pattern(regexp = ObjectIds.REGEX) String winEnrollmentTokenId) {
        return answer(caller -> service.get(caller, organizationId, winEnrollmentTokenId));
    }

    @PUT
    @Path("/{winEnrollmentTokenId}")
    public Uni<Envelope.Success<WinEnrollmentTokenView>> update(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winEnrollmentTokenId") @Pattern(regexp = ObjectIds.REGEX) String winEnrollmentTokenId,
            @Valid @NotNull EnrollmentTokenRequests.UpdateToken body) {
        return answer(caller -> service.update(caller, organizationId, winEnrollmentTokenId, body));
    }

    @DELETE
    @Path("/{winEnrollmentTokenId}")
    public Uni<Envelope.Success<WinEnrollmentTokenView>> delete(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winEnrollmentTokenId") @Pattern(regexp = ObjectIds.REGEX) String winEnrollmentTokenId) {
        return answer(caller -> service.delete(caller, organizationId, winEnrollmentTokenId));
    }
}
