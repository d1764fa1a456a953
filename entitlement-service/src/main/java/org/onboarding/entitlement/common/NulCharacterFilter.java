package org.onboarding.entitlement.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.List;

/**
 * PostgreSQL cannot store or compare text containing the NUL character (SQLSTATE 22021), so a {@code %00} anywhere
 * in the path or the query string (CQL terms, {@code ?tenant=}, module ids, stage names...) is refused up front as a
 * 400 rather than reaching the database as a 500. Bodies are checked by {@link JsonTextModule}.
 */
public class NulCharacterFilter {

    public static final String MESSAGE = "The NUL character (%00, \\u0000) is not allowed in a request";

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public Response refuseNul(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String where = containsNul(uri.getRawPath()) ? "path" : containsNul(uri.getRawQuery()) ? "query" : null;
        if (where == null) {
            return null;
        }
        return ExceptionMappers.envelope(400, ErrorResponse.of(MESSAGE, "IllegalArgumentException", "validation_error",
                List.of(ApiException.param(where, "contains %00"))));
    }

    private static boolean containsNul(String raw) {
        return raw != null && (raw.contains("%00") || raw.indexOf('\0') >= 0);
    }
}
