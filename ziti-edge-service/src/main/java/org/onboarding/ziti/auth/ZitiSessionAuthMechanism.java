package org.onboarding.ziti.auth;

import lombok.RequiredArgsConstructor;
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

import java.util.Set;

/**
 * Management API: accepts the platform JWT from OpenZiti's {@code zt-session} header (direct OpenZiti clients) or from
 * {@code Authorization: Bearer} (what the gateway forwards); the token is verified by smallrye-jwt as usual.
 * Client API ({@value #CLIENT_API}): {@code zt-session} is an API-session token from {@code /authenticate}; platform
 * JWTs are not accepted there, and API-session tokens are not accepted on the management API.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@RequiredArgsConstructor
public class ZitiSessionAuthMechanism implements HttpAuthenticationMechanism {

    static final String ZT_SESSION = "zt-session";
    static final String CLIENT_API = "/edge/client/v1/";

    private final JWTAuthMechanism delegate;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.normalizedPath().startsWith(CLIENT_API)) {
            String session = context.request().getHeader(ZT_SESSION);
            if (session == null || session.isBlank()) {
                return Uni.createFrom().optional(java.util.Optional.empty());
            }
            return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new ApiSessionAuthenticationRequest(session.trim()), context));
        }
        String token = token(context);
        if (token == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    static String token(RoutingContext context) {
        String session = context.request().getHeader(ZT_SESSION);
        if (session != null && !session.isBlank()) {
            return session.trim();
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, ApiSessionAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, ZT_SESSION));
    }
}
