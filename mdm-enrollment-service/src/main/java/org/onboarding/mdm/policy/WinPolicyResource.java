package org.onboarding.mdm.policy;

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
 * Windows policies (README, Enrollment tokens and policies), permissions {@code mdm.windows.policy.*}.
 * The API document is hand-written in {@code META-INF/openapi.yaml} (annotation scanning is off).
 */
@Path("/v1/organizations/{organizationId}/mdm/windows/enterprise/policies")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WinPolicyResource extends CallerResource<WinPolicyService> {

    public WinPolicyResource(WinPolicyService service, Callers callers) {
        super(service, callers);
    }

    @POST
    public Uni<Envelope.Success<WinPolicyView>> create(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @Valid @NotNull WinPolicyRequests.CreateWinPolicy body) {
        return answer(caller -> service.create(caller, organizationId, body));
    }

    @GET
    public Uni<Envelope.Success<Paginated<WinPolicyView>>> list(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @QueryParam("page") String page, @QueryParam("limit") String limit, @QueryParam("sort") String sort) {
        return answer(caller -> service.list(caller, organizationId,
                PageQuery.parse(page, limit, sort, WinPolicyService.SORTABLE)));
    }

    @GET
    @Path("/{winPolicyId}")
    public Uni<Envelope.Success<WinPolicyView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winPolicyId") @Pattern(regexp = ObjectIds.REGEX) String winPolicyId) {
        return answer(caller -> service.get(caller, organizationId, winPolicyId));
    }

    @PUT
    @Path("/{winPolicyId}")
    public Uni<Envelope.Success<WinPolicyView>> update(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winPolicyId") @Pattern(regexp = ObjectIds.REGEX) String winPolicyId,
            @Valid @NotNull WinPolicyRequests.UpdateWinPolicy body) {
        return answer(caller -> service.update(caller, organizationId, winPolicyId, body));
    }

    @DELETE
    @Path("/{winPolicyId}")
    public Uni<Envelope.Success<WinPolicyView>> delete(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winPolicyId") @Pattern(regexp = ObjectIds.REGEX) String winPolicyId) {
        return answer(caller -> service.delete(caller, organizationId, winPolicyId));
    }
}
