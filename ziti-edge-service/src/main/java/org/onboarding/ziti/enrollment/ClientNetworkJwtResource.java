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

/** {@code GET /edge/client/v1/network-jwts}: the same answer as the management API's (README, Decisions: the network JWT), no auth. */
@Path("/edge/client/v1/network-jwts")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@RequiredArgsConstructor
public class ClientNetworkJwtResource {

    private final ControllerSigner signer;

    @GET
    public Envelopes.Envelope list() {
        return Envelopes.detail(List.of(new NetworkJwtResource.NetworkJwt("default", signer.networkJwt())));
    }
}
