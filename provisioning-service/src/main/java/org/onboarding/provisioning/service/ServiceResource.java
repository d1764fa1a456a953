package org.onboarding.provisioning.service;

import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's two service routes, {@code GET /} and {@code GET /health}, without a token as in the origin (its
 * document declares no security). Health reports the readiness checks this service already runs for
 * {@code /q/health/ready} (the database), in the origin's words: {@code healthy} or, with a 503, {@code unhealthy}.
 */
@Path("/")
@Tag(name = "default")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    private final SmallRyeHealthReporter health;
    private final String name;
    private final String version;

    public ServiceResource(SmallRyeHealthReporter health,
                           @ConfigProperty(name = "quarkus.application.name") String name,
                           @ConfigProperty(name = "quarkus.smallrye-openapi.info-version", defaultValue = "1.0.0")
                           String version) {
        this.health = health;
        this.name = name;
        this.version = version;
    }

    @GET
    @Operation(summary = "Root", description = "Service information.")
    @APIResponse(responseCode = "200", description = "Service information", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceInfo.class)))
    public ServiceInfo root() {
        return new ServiceInfo(name, version, "running");
    }

    @GET
    @Path("health")
    @Operation(summary = "Health Check", description = "Checks the database connection.")
    @APIResponse(responseCode = "200", description = "Healthy", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthStatus.class)))
    @APIResponse(responseCode = "503", description = "A dependency is down", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthStatus.class)))
    public Uni<Response> health() {
        return health.getReadinessAsync().map(readiness -> {
            Map<String, String> checks = new LinkedHashMap<>();
            for (JsonValue check : readiness.getPayload().getJsonArray("checks")) {
                JsonObject result = check.asJsonObject();
                checks.put(result.getString("name"), result.getString("status"));
            }
            boolean down = readiness.isDown();
            return Response.status(down ? 503 : 200).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new HealthStatus(down ? "unhealthy" : "healthy", name, version, checks)).build();
        });
    }

    public record ServiceInfo(String service, String version, String status) {
    }

    public record HealthStatus(
            @Schema(enumeration = {"healthy", "unhealthy"}) String status,
            String service,
            String version,
            @Schema(description = "each check's UP or DOWN, by name") Map<String, String> checks) {
    }
}
