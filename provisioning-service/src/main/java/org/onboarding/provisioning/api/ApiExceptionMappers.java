package org.onboarding.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Every failure leaves in FastAPI's envelopes: 422 {@code {"detail":[...]}}, others {@code {"detail":"..."}}.
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so that 401/403 reach these mappers instead of
 * the empty-bodied default of smallrye-jwt.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response validation(ValidationProblem problem) {
        return json(422, Map.of("detail", problem.errors()));
    }

    @ServerExceptionMapper
    public Response apiError(ApiError error) {
        return error.toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(Exception e) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Map.of("detail", "Not authenticated")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, Map.of("detail", "Not enough permissions"));
    }

    /** A body Jackson could not read, should any endpoint bind one (ours read raw text and report json_invalid). */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
        return json(422, Map.of("detail", Problems.collect()
                .add("json_invalid", List.of("body", offset), "JSON decode error", Map.of(),
                        Map.of("error", e.getOriginalMessage()))
                .errors()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, Map.of("detail", "Not Found"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return json(405, Map.of("detail", "Method Not Allowed"));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return json(415, Map.of("detail", "Unsupported Media Type"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return json(500, Map.of("detail", "Internal Server Error"));
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return json(status, Map.of("detail", type == null ? "Error" : type.getReasonPhrase()));
    }

    /** Never a stack trace: the cause goes to the log, the caller gets FastAPI's plain 500. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return json(500, Map.of("detail", "Internal Server Error"));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
