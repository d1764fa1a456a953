package org.onboarding.ziti.auth;

import lombok.RequiredArgsConstructor;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.apisession.ApiSessionService;

/**
 * Turns a live API session into a caller with role {@value #CLIENT_ROLE}: principal = identity id, attributes
 * {@value #API_SESSION_ID} and {@value #IDENTITY_ID}. Unknown or idle-expired tokens fail (401).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ApiSessionIdentityProvider implements IdentityProvider<ApiSessionAuthenticationRequest> {

    public static final String CLIENT_ROLE = "ziti-client";
    public static final String API_SESSION_ID = "apiSessionId";
    public static final String IDENTITY_ID = "identityId";

    private final ApiSessionService apiSessions;

    @Override
    public Class<ApiSessionAuthenticationRequest> getRequestType() {
        return ApiSessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiSessionAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return apiSessions.resolve(request.token()).map(caller -> {
            if (caller == null) {
                throw new AuthenticationFailedException("no such API session");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.identityId()))
                    .addRole(CLIENT_ROLE)
                    .addAttribute(API_SESSION_ID, caller.apiSessionId())
                    .addAttribute(IDENTITY_ID, caller.identityId())
                    .build();
        });
    }
}
