package org.onboarding.gateway.cors;

import io.quarkus.vertx.http.runtime.cors.CORSConfig;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CORS for one route whose UI sends headers of its own (the provisioning UI's {@code X-Etab}, {@code X-Roles}):
 * Quarkus' own CORS filter, configured as {@code quarkus.http.cors.*} plus the route's
 * {@code gateway.routes.<name>.cors-headers}. It answers the preflights on the route's paths; everything else goes on
 * to the global filter.
 */
public final class RouteCors {

    private RouteCors() {
    }

    /** The preflight handler for a route allowing {@code extraHeaders} on top of the global ones. */
    public static Handler<RoutingContext> preflight(Config config, List<String> extraHeaders) {
        List<String> headers = new ArrayList<>(list(config, "quarkus.http.cors.headers").orElse(List.of()));
        extraHeaders.stream().filter(h -> headers.stream().noneMatch(h::equalsIgnoreCase)).forEach(headers::add);
        CORSConfig cors = new Settings(
                list(config, "quarkus.http.cors.origins"),
                list(config, "quarkus.http.cors.methods"),
                Optional.of(List.copyOf(headers)),
                list(config, "quarkus.http.cors.exposed-headers"),
                config.getOptionalValue("quarkus.http.cors.access-control-max-age", Duration.class),
                config.getOptionalValue("quarkus.http.cors.access-control-allow-credentials", Boolean.class),
                config.getOptionalValue("quarkus.http.cors.return-exact-origins", Boolean.class).orElse(false));
        return new CORSFilter(cors);
    }

    /** A CORS preflight: OPTIONS with an Origin and the method the browser means to use. */
    public static boolean isPreflight(RoutingContext ctx) {
        return ctx.request().method().name().equals("OPTIONS")
                && ctx.request().getHeader("Origin") != null
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
    }

    private static Optional<List<String>> list(Config config, String name) {
        return config.getOptionalValues(name, String.class);
    }

    private record Settings(Optional<List<String>> origins, Optional<List<String>> methods,
                            Optional<List<String>> headers, Optional<List<String>> exposedHeaders,
                            Optional<Duration> accessControlMaxAge, Optional<Boolean> accessControlAllowCredentials,
                            boolean returnExactOrigins) implements CORSConfig {
        @Override
        public boolean enabled() {
            return true;
        }
    }
}
