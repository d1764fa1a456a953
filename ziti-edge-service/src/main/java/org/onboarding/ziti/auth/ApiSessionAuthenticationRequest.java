package org.onboarding.ziti.auth;

import lombok.Getter;
import lombok.RequiredArgsConstructor;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code zt-session} API-session token presented on the client API. */
@RequiredArgsConstructor
public class ApiSessionAuthenticationRequest extends BaseAuthenticationRequest {

    @Getter
    private final String token;
}
