package org.onboarding.gateway.auth;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4) for local use: credentials in the form or in HTTP
 * Basic; errors in RFC 6749 §5.2 form.
 */
@Path("/auth/token")
@Tag(name = "Tokens")
@RequiredArgsConstructor
public class AuthTokenResource {

    private final TokenIssuer issuer;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token (client credentials)",
            description = "grant_type=client_credentials with client_id/client_secret in the form or HTTP Basic. "
                    + "Enabled in dev/local only; production tokens come from the OIDC provider.")
    public Response token(@FormParam("grant_type") String grantType,
                          @FormParam("client_id") String clientId,
                          @FormParam("client_secret") String clientSecret,
                          @HeaderParam("Authorization") String authorization) {
        if (!issuer.enabled()) {
            return error(404, "invalid_request", "Token issuing is disabled; use the organisation's identity provider");
        }
        if (grantType == null || grantType.isBlank()) {
            return error(400, "invalid_request", "grant_type is required");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        String[] basic = basicCredentials(authorization);
        String id = basic != null ? basic[0] : clientId;
        String secret = basic != null ? basic[1] : clientSecret;
        if (id == null || secret == null) {
            return error(400, "invalid_request", "client_id and client_secret are required");
        }
        return issuer.issue(id, secret)
                .map(t -> Response.ok(new TokenResponse(t.token(), "Bearer",
                                Duration.between(t.issuedAt(), t.expiresAt()).toSeconds(), t.groups(), t.orgs(), t.tenants()))
                        .header("Cache-Control", "no-store").build())
                .orElseGet(() -> Response.status(401).header("WWW-Authenticate", "Basic realm=\"onboarding\"")
                        .entity(Map.of("error", "invalid_client", "error_description", "Client authentication failed"))
                        .type(MediaType.APPLICATION_JSON).build());
    }

    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response error(int status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }

    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                java.util.Set<String> groups,
                                java.util.List<String> orgs,
                                java.util.List<String> tenants) {
    }
}
