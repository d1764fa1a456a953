package org.onboarding.ziti.session;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.auth.ApiSessionIdentityProvider;
import org.onboarding.ziti.auth.ClientApiResource;

import java.util.List;
import java.util.Map;

/** {@code POST /edge/client/v1/sessions} by an API-session holder: 201 {@code sessionCreateEnvelope}. */
@Path("/edge/client/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
public class ClientSessionResource extends ClientApiResource {

    private final SessionService service;
    private final SessionQueries queries;

    public ClientSessionResource(SessionService service, SessionQueries queries, SecurityIdentity caller) {
        super(caller);
        this.service = service;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String raw) {
        JsonBody body = JsonBody.parse("session", raw);
        String serviceId = body.string("serviceId");
        Map<String, Object> tags = body.tags("tags");
        String type = body.string("type");
        JsonBody.required("serviceId", serviceId);
        JsonBody.oneOf("type", type, List.of("Dial", "Bind", "Invalid"));
        if ("Invalid".equals(type)) {
            JsonBody.oneOf("type", type, List.of("Dial", "Bind"));
        }
        String apiSessionId = apiSessionId();
        String identityId = identityId();
        return service.create(apiSessionId, identityId, serviceId, type == null ? "Dial" : type, tags)
                .flatMap(queries::clientDetail)
                .map(detail -> Response.status(201).entity(Envelopes.detail(detail)).build());
    }
}
