package org.onboarding.gateway.auth;

import lombok.RequiredArgsConstructor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * {@code POST /edge/management/v1/authenticate?method=password}: an OpenZiti management client logs in as it does
 * upstream and gets a {@code currentApiSessionDetail} envelope plus the {@code zt-session} header; the session token
 * is a platform JWT, so every later call is verified like any other.
 */
@Path("/edge/management/v1/authenticate")
@Tag(name = "Tokens")
@RequiredArgsConstructor
public class ZitiAuthenticateResource {

    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ISO_INSTANT;
    private static final JsonObject META = new JsonObject().put("apiEnrollmentVersion", "0.0.1").put("apiVersion", "0.0.1");

    private final TokenIssuer issuer;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authenticate (OpenZiti management API)",
            description = "method=password with {username, password}; answers like upstream, token in data.token and in the zt-session header")
    public Response authenticate(@QueryParam("method") String method, String body, @Context HttpServerRequest request) {
        // the id GatewayRoutes gave this request (response header, access log), so a client can quote it
        String given = request.response().headers().get("X-Request-Id");
        String requestId = given != null ? given : UUID.randomUUID().toString();
        if (method == null || !(method.equals("password") || method.equals("cert") || method.equals("ext-jwt"))) {
            return error(400, "COULD_NOT_VALIDATE",
                    "The supplied request contains an invalid document or no valid accept content were available, see cause",
                    new JsonObject().put("field", "method")
                            .put("reason", "method in query should be one of [password cert ext-jwt]")
                            .put("value", method == null ? "<nil>" : method), requestId);
        }
        if (!issuer.enabled() || !method.equals("password")) {
            // no client certificates or external JWT signers are configured at this front door
            return invalidAuth(requestId);
        }
        JsonObject credentials;
        try {
            credentials = body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return error(400, "COULD_NOT_PARSE_BODY", "The body of the request could not be parsed",
                    new JsonObject().put("code", "UNHANDLED").put("message", "parsing authenticate body failed"), requestId);
        }
        Object username = credentials.getValue("username");
        Object password = credentials.getValue("password");
        if (!(username instanceof String user) || !(password instanceof String secret)) {
            return invalidAuth(requestId);
        }
        return issuer.issue(user, secret)
                .map(token -> Response.ok(session(token, request).encode(), MediaType.APPLICATION_JSON)
                        .header("zt-session", token.token()).build())
                .orElseGet(() -> invalidAuth(requestId));
    }

    private static JsonObject session(TokenIssuer.IssuedToken token, HttpServerRequest request) {
        String now = RFC3339_MILLIS.format(token.issuedAt().truncatedTo(ChronoUnit.MILLIS));
        Instant expiresAt = token.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        JsonObject identity = new JsonObject()
                .put("_links", new JsonObject().put("self", new JsonObject().put("href", "./identities/" + token.subject())))
                .put("entity", "identities")
                .put("id", token.subject())
                .put("name", token.subject());
        JsonObject data = new JsonObject()
                .put("_links", new JsonObject().put("self", new JsonObject().put("href", "./current-api-session")))
                .put("id", UUID.randomUUID().toString())
                .put("createdAt", now)
                .put("updatedAt", now)
                .put("tags", new JsonObject())
                .put("token", token.token())
                .put("identity", identity)
                .put("identityId", token.subject())
                .put("isAdmin", token.admin())
                .put("configTypes", new JsonArray())
                .put("ipAddress", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress())
                .put("authQueries", new JsonArray())
                .put("authenticatorId", token.subject())
                .put("cachedUpdatedAt", now)
                .put("lastActivityAt", now)
                .put("cachedLastActivityAt", now)
                .put("isMfaRequired", false)
                .put("isMfaComplete", false)
                .put("isCertExtendable", false)
                .put("isCertExtendRequested", false)
                .put("isCertKeyRollRequested", false)
                .put("improperClientCertChain", false)
                .put("expiresAt", RFC3339_MILLIS.format(expiresAt))
                .put("expirationSeconds", Duration.between(token.issuedAt(), token.expiresAt()).toSeconds());
        return new JsonObject().put("data", data).put("meta", new JsonObject());
    }

    private static Response invalidAuth(String requestId) {
        return error(401, "INVALID_AUTH", "The authentication request failed", null, requestId);
    }

    private static Response error(int status, String code, String message, JsonObject cause, String requestId) {
        JsonObject error = new JsonObject().put("code", code).put("message", message).put("requestId", requestId);
        if (cause != null) {
            error.put("cause", cause);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new JsonObject().put("error", error).put("meta", META).encode()).build();
    }
}
