package org.onboarding.ziti.informational;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.ZitiTime;
import org.onboarding.ziti.auth.ApiSessionIdentityProvider;
import org.onboarding.ziti.signing.EdgeApiTls;
import org.onboarding.ziti.signing.EdgeCa;
import org.onboarding.ziti.signing.ZitiConfig;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /edge/client/v1/controllers}: this service is the one controller. Its certificate is the HTTPS edge API
 * server certificate, {@code apiAddresses} the advertised base URLs; it is online and joined at start. There is no
 * control-plane listener, so {@code ctrlAddress} is null.
 */
@Path("/edge/client/v1/controllers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
public class ControllerResource {

    private final Envelopes.Envelope controllers;

    public ControllerResource(ZitiConfig config, EdgeApiTls tls) throws GeneralSecurityException {
        String started = ZitiTime.format(Instant.now());
        String base = "https://" + config.edgeApiAddress();
        String id = EdgeCa.fingerprint(tls.certificate());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("_links", Links.self("controllers", id));
        c.put("createdAt", started);
        c.put("id", id);
        c.put("tags", Map.of());
        c.put("updatedAt", started);
        c.put("apiAddresses", Map.of(
                "edge-client", List.of(Map.of("url", base + VersionResource.CLIENT_PATH, "version", "v1")),
                "edge-management", List.of(Map.of("url", base + VersionResource.MANAGEMENT_PATH, "version", "v1"))));
        c.put("certPem", EdgeCa.pem(tls.certificate()));
        c.put("ctrlAddress", null);
        c.put("fingerprint", id);
        c.put("isOnline", true);
        c.put("isPreferredLeader", true);
        c.put("lastJoinedAt", started);
        c.put("name", config.edgeApiAddress());
        this.controllers = Envelopes.list(List.of(c), 1, 0, 1, List.of());
    }

    @GET
    public Envelopes.Envelope list() {
        return controllers;
    }
}
