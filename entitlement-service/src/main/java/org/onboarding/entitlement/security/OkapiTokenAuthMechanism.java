package org.onboarding.entitlement.security;

import lombok.RequiredArgsConstructor;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.Optional;
import java.util.Set;

/**
 * Accepts the platform JWT from FOLIO's {@code x-okapi-token} header or from {@code Authorization: Bearer} (what the
 * gateway forwards) and has smallrye-jwt's identity provider verify it. Two different tokens fail with
 * {@link TokenMismatchException}, as FOLIO's gateway does; {@link TokenFilter} turns the outcome into FOLIO's answers.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@RequiredArgsConstructor
public class OkapiTokenAuthMechanism implements HttpAuthenticationMechanism {

    static final String OKAPI_TOKEN = "x-okapi-token";

    private final JWTAuthMechanism delegate;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String okapi = blankToNull(context.request().getHeader(OKAPI_TOKEN));
        String bearer = null;
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            bearer = blankToNull(authorization.substring(7));
        }
        if (okapi != null && bearer != null && !okapi.equals(bearer)) {
            TokenMismatchException mismatch = new TokenMismatchException();
            return Uni.createFrom().failure(new AuthenticationFailedException(mismatch.getMessage(), mismatch));
        }
        String token = okapi != null ? okapi : bearer;
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, OKAPI_TOKEN));
    }

    /** {@code x-okapi-token} and {@code Authorization: Bearer} carry two different tokens. */
    public static class TokenMismatchException extends RuntimeException {
        public TokenMismatchException() {
            super("Different tokens are provided in the request headers: 'x-okapi-token' and 'Authorization'", null,
                    false, false);
        }
    }
}
