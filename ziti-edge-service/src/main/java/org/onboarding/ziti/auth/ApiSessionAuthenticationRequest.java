package org.onboarding.ziti.auth;

import lombok.RequiredArgsConstructor;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code zt-session} API-session token presented on the client API. */
@RequiredArgsConstructor
public class ApiSessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public String token() {
        return token;
    }
}
