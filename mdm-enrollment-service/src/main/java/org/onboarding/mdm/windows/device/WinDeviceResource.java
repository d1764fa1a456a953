package org.onboarding.mdm.windows.device;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.CallerResource;
import org.onboarding.mdm.api.Envelope;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.security.Callers;

import java.util.Locale;

/**
 * Enrolled Windows devices (Applivery's winDevice), permissions {@code mdm.windows.device.*}.
 * The API document is hand-written in {@code META-INF/openapi.yaml} (annotation scanning is off).
 */
@Path("/v1/organizations/{organizationId}/mdm/windows/enterprise/devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WinDeviceResource extends CallerResource<WinDeviceService> {

    public WinDeviceResource(WinDeviceService service, Callers callers) {
        super(service, callers);
    }

    @GET
    public Uni<Envelope.Success<Paginated<WinDeviceView>>> list(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @QueryParam("page") String page, @QueryParam("limit") String limit, @QueryParam("sort") String sort,
            @QueryParam("mdm-user") String mdmUser, @QueryParam("win-enrollment-token") String token,
            @QueryParam("state") String state) {
        PageQuery query = PageQuery.parse(page, limit, sort, WinDeviceService.SORTABLE);
        return answer(caller -> service.list(caller, organizationId, query, PageQuery.objectId("mdm-user", mdmUser),
                PageQuery.objectId("win-enrollment-token", token), state(state)));
    }

    @GET
    @Path("/{winDeviceId}")
    public Uni<Envelope.Success<WinDeviceView>> get(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winDeviceId") @Pattern(regexp = ObjectIds.REGEX) String winDeviceId) {
        return answer(caller -> service.get(caller, organizationId, winDeviceId));
    }

    @DELETE
    @Path("/{winDeviceId}")
    public Uni<Envelope.Success<WinDeviceView>> delete(
            @PathParam("organizationId") @Pattern(regexp = ObjectIds.ORGANIZATION_REGEX) String organizationId,
            @PathParam("winDeviceId") @Pattern(regexp = ObjectIds.REGEX) String winDeviceId) {
        return answer(caller -> service.delete(caller, organizationId, winDeviceId));
    }

    private static WinDevice.State state(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return WinDevice.State.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("state", "\"state\" must be one of [ENROLLED, UNENROLLED]");
        }
    }
}
