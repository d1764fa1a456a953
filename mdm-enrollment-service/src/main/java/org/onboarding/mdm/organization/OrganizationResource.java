package org.onboarding.mdm.organization;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * The small admin surface that creates and reads organisations and their plan (role admin).
 * The API document is hand-written in {@code META-INF/openapi.yaml} (annotation scanning is off).
 */
@Path("/v1/organizations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource extends CallerResource<OrganizationService> {

    public OrganizationResource(OrganizationService service, Callers callers) {
        super(service, callers);
    }

    @POST
    public Uni<Envelope.Success<OrganizationView>> create(@Valid @NotNull OrganizationRequests.CreateOrganization body) {
        return answer(caller -> service.create(caller, body));
    }

    @GET
    public Uni<Envelope.Success<Paginated<OrganizationView>>> list(@QueryParam("page") String page,
                                                                  @QueryParam("limit") String limit,
                                                                  @QueryParam("sort") String sort) {
        return answer(caller -> service.list(caller, PageQuery.parse(page, limit, sort, OrganizationService.SORTABLE)));
    }

    @GET
    @Path("/{organizationId}")
    public Uni<Envelope.Success<OrganizationView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId) {
        return answer(caller -> service.get(caller, organizationId));
    }
}
