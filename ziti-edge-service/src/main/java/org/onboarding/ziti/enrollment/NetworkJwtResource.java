package org.onboarding.ziti.enrollment;

import lombok.RequiredArgsConstructor;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.signing.ControllerSigner;

import java.util.List;

/**
 * {@code GET /network-jwts}: no authentication (a bad token is ignored), always one entry named {@code default}.
 * Served identically on the client API by {@link ClientNetworkJwtResource}.
 */
@Path("/edge/management/v1/network-jwts")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@RequiredArgsConstructor
public class NetworkJwtResource {

    public record NetworkJwt(String name, String token) {
    }

    private final ControllerSigner signer;

    @GET
    public Envelopes.Envelope list() {
        return Envelopes.detail(List.of(new NetworkJwt("default", signer.networkJwt())));
    }
}
