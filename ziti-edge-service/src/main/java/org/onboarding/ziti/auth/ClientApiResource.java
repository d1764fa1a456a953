package org.onboarding.ziti.auth;

import lombok.RequiredArgsConstructor;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Base of the client API resources a logged-in SDK calls: role {@value ApiSessionIdentityProvider#CLIENT_ROLE} (an API
 * session token), and who the caller is, as {@link ApiSessionIdentityProvider} resolved it.
 */
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
@RequiredArgsConstructor
public abstract class ClientApiResource {

    private final SecurityIdentity caller;

    /** The caller's identity. */
    protected String identityId() {
        return caller.getAttribute(ApiSessionIdentityProvider.IDENTITY_ID);
    }

    /** The caller's API session. */
    protected String apiSessionId() {
        return caller.getAttribute(ApiSessionIdentityProvider.API_SESSION_ID);
    }
}
