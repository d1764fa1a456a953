package org.onboarding.entitlement.security;

import lombok.RequiredArgsConstructor;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.common.ExceptionMappers;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every API call needs a verified caller: resolves the identity {@link OkapiTokenAuthMechanism} established and answers
 * FOLIO's 401 {@code auth_error} (missing or bad token) or 400 {@code TokenMismatchException} in its envelope, rather
 * than the default empty 401 (see README, Contract notes, Error envelope). Proactive auth is off so that this filter,
 * not the HTTP layer, gives these answers.
 */
@RequiredArgsConstructor
public class TokenFilter {

    private final CurrentIdentityAssociation identity;
    private final Caller caller;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/q/")) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity()
                .map(this::admit)
                .onFailure().recoverWithItem(TokenFilter::refuse);
    }

    private Response admit(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return unauthorized("Failed to find auth token in request.");
        }
        Set<String> groups = jwt.getGroups();
        caller.set(jwt.getRawToken(), groups == null ? Set.of() : groups, claimSet(jwt, "tenants"));
        return null;
    }

    private static Response refuse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OkapiTokenAuthMechanism.TokenMismatchException mismatch) {
                return ExceptionMappers.envelope(400, ErrorResponse.of(mismatch.getMessage(),
                        "TokenMismatchException", "found_error", null));
            }
        }
        return unauthorized("Failed to validate a token");
    }

    /** A string or an array of strings; smallrye-jwt gives custom claims as JSON-P values. */
    private static Set<String> claimSet(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof JsonArray array) {
            return array.stream().map(TokenFilter::text).collect(Collectors.toSet());
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(v -> v instanceof JsonValue json ? text(json) : String.valueOf(v))
                    .collect(Collectors.toSet());
        }
        if (value instanceof JsonValue json) {
            return Set.of(text(json));
        }
        return value == null ? Set.of() : Set.of(value.toString());
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    private static Response unauthorized(String message) {
        return ExceptionMappers.envelope(401, ErrorResponse.of(message, "NotAuthorizedException", "auth_error", null));
    }
}
