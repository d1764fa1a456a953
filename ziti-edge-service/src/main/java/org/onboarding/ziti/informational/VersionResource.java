package org.onboarding.ziti.informational;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.signing.ZitiConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code listVersion} (no authentication), at the root (where an SDK asks first, to learn the API paths)
 * and under both API prefixes. {@code apiVersions} names the client API under {@code edge-client} and its legacy
 * binding {@code edge}, and the management API under {@code edge-management}, each with the advertised HTTPS base URL.
 * {@code capabilities} is empty: neither OIDC nor HA is implemented.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    public static final String CLIENT_PATH = "/edge/client/v1";
    public static final String MANAGEMENT_PATH = "/edge/management/v1";

    private final Envelopes.Envelope version;

    public VersionResource(ZitiConfig config,
                           @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String appVersion,
                           @ConfigProperty(name = "ziti.build.date", defaultValue = "unknown") String buildDate,
                           @ConfigProperty(name = "ziti.build.revision", defaultValue = "unknown") String revision) {
        String base = "https://" + config.edgeApiAddress();
        Map<String, Object> client = Map.of("v1", apiVersion(CLIENT_PATH, base));
        Map<String, Object> apiVersions = new LinkedHashMap<>();
        apiVersions.put("edge", client);
        apiVersions.put("edge-client", client);
        apiVersions.put("edge-management", Map.of("v1", apiVersion(MANAGEMENT_PATH, base)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("apiVersions", apiVersions);
        data.put("buildDate", buildDate);
        data.put("capabilities", List.of());
        data.put("revision", revision);
        data.put("runtimeVersion", "java" + Runtime.version().feature());
        data.put("version", "v" + appVersion);
        this.version = Envelopes.detail(data);
    }

    private static Map<String, Object> apiVersion(String path, String base) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("apiBaseUrls", List.of(base + path));
        v.put("path", path);
        return v;
    }

    @GET
    @Path("/version")
    public Envelopes.Envelope root() {
        return version;
    }

    /** upstream {@code listRoot}: the version again, at each API's base path */
    @GET
    @Path(CLIENT_PATH)
    public Envelopes.Envelope clientRoot() {
        return version;
    }

    @GET
    @Path(MANAGEMENT_PATH)
    public Envelopes.Envelope managementRoot() {
        return version;
    }

    @GET
    @Path(CLIENT_PATH + "/version")
    public Envelopes.Envelope client() {
        return version;
    }

    @GET
    @Path(MANAGEMENT_PATH + "/version")
    public Envelopes.Envelope management() {
        return version;
    }
}
