package org.onboarding.ziti.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code zt-session} API-session token presented on the client API. */
public class ApiSessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiSessionAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
