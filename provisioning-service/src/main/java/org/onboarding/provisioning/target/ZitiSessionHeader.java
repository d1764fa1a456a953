package org.onboarding.provisioning.target;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Authenticates to the Edge Management API with the service token configured in
 * {@code provisioning.target.ziti.session-token}, sent the OpenZiti way ({@code zt-session}) and as a Bearer token.
 */
public class ZitiSessionHeader implements ClientRequestFilter {

    private final Optional<String> token = ConfigProvider.getConfig()
            .getOptionalValue("provisioning.target.ziti.session-token", String.class);

    @Override
    public void filter(ClientRequestContext request) {
        token.ifPresent(value -> {
            request.getHeaders().putSingle("zt-session", value);
            request.getHeaders().putSingle("Authorization", "Bearer " + value);
        });
    }
}
