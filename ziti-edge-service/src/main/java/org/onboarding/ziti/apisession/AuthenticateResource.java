package org.onboarding.ziti.apisession;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.auth.ClientCertificates;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /edge/client/v1/authenticate?method=password|cert}: creates an API session and answers
 * {@code currentApiSessionDetailEnvelope} with the token also in the {@code zt-session} response header.
 * {@code cert} takes the client certificate of the TLS handshake, or on plain HTTP the one a TLS-terminating proxy
 * forwards in {@code ziti.client-cert-header}.
 */
@Path("/edge/client/v1/authenticate")
@Produces(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class AuthenticateResource {

    static final List<String> METHODS = List.of("password", "cert", "ext-jwt");

    private final ApiSessionService apiSessions;
    private final ClientCertificates certificates;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Uni<Response> authenticate(@QueryParam("method") String method, @Context HttpServerRequest request,
                                      String raw) {
        if (method == null || method.isEmpty()) {
            throw ApiException.couldNotValidate("method", "method in query is required", null);
        }
        if (!METHODS.contains(method)) {
            throw ApiException.couldNotValidate("method", "method in query should be one of [password cert ext-jwt]",
                    method);
        }
        String ip = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        Uni<Map<String, Object>> created;
        switch (method) {
            case "password" -> {
                JsonBody body = JsonBody.parse("auth", raw);
                String password = body.string("password");
                String username = body.string("username");
                if (password == null || username == null) {
                    throw ApiSessionService.invalidAuth();
                }
                created = apiSessions.authenticatePassword(username, password, ip);
            }
            case "cert" -> created = apiSessions.authenticateCert(
                    certificates.presented(request), ip);
            default -> throw new ApiException(ErrorCode.INVALID_AUTH_METHOD, null);
        }
        return created.map(detail -> Response.ok(Envelopes.detail(detail))
                .header("zt-session", detail.get("token"))
                .header("expiration-seconds", detail.get("expirationSeconds"))
                .header("expires-at", detail.get("expiresAt"))
                .build());
    }
}
