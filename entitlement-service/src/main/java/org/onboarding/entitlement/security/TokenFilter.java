package org.onboarding.entitlement.security;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.common.ExceptionMappers;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the caller's JWT from {@code x-okapi-token} or {@code Authorization: Bearer} (the gateway passes Bearer) and
 * verifies it with smallrye-jwt. Done here rather than by the default mechanism so that a missing or bad token is a
 * 401 in the FOLIO envelope, not an empty body (see README, Contract notes, Error envelope).
 */
public class TokenFilter {

    private static final String OKAPI_TOKEN = "x-okapi-token";

    private final JWTParser parser;
    private final Caller caller;

    public TokenFilter(JWTParser parser, Caller caller) {
        this.parser = parser;
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/")) {
            return null;
        }
        String okapi = blankToNull(request.getHeaderString(OKAPI_TOKEN));
        String bearer = null;
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            bearer = blankToNull(authorization.substring(7).trim());
        }
        if (okapi != null && bearer != null && !okapi.equals(bearer)) {
            return ExceptionMappers.envelope(400, ErrorResponse.of(
                    "Different tokens are provided in the request headers: 'x-okapi-token' and 'Authorization'",
                    "TokenMismatchException", "found_error", null));
        }
        String token = okapi != null ? okapi : bearer;
        if (token == null) {
            return unauthorized("Failed to find auth token in request.");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            return unauthorized("Failed to validate a token");
        }
        caller.set(token, claimSet(jwt, "groups"), claimSet(jwt, "tenants"));
        return null;
    }

    private static Set<String> claimSet(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        Set<String> result = new HashSet<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> result.add(unquote(String.valueOf(v))));
        } else if (value instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> result.add(unquote(v.toString())));
        } else if (value != null) {
            result.add(unquote(value.toString()));
        }
        return result;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Response unauthorized(String message) {
        return ExceptionMappers.envelope(401, ErrorResponse.of(message, "NotAuthorizedException", "auth_error", null));
    }
}
