package org.onboarding.gateway.docs;

import lombok.RequiredArgsConstructor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.onboarding.gateway.route.GatewayRoutes;

import java.util.List;

/** Where each service's OpenAPI document can be read through the gateway. */
@Path("/docs")
@Tag(name = "Documentation")
@RequiredArgsConstructor
public class DocsResource {

    private final GatewayRoutes routes;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Links to every service's OpenAPI document, served through the gateway")
    public Docs docs() {
        return new Docs("/q/openapi", routes.routeNames().stream().sorted()
                .map(name -> new ServiceDoc(name, "/docs/" + name + "/openapi")).toList());
    }

    public record Docs(String gateway, List<ServiceDoc> services) {
    }

    public record ServiceDoc(String name, String openapi) {
    }
}
