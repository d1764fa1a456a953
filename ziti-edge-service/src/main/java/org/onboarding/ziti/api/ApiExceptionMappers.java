package org.onboarding.ziti.api;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.onboarding.ziti.zitiql.FilterException;
import org.onboarding.ziti.zitiql.InvalidSortException;

/**
 * Every failure leaves as upstream's error envelope; nothing reaches the client as a bare status or a stack trace.
 * Permission failures answer 401 {@code UNAUTHORIZED}, never 403, as upstream does.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    static final String WWW_AUTHENTICATE = "zt-session realm=\"zt-session\" error=\"missing\" "
            + "error_description=\"no matching token was provided\",Bearer realm=\"openziti-oidc\" error=\"missing\" "
            + "error_description=\"no matching token was provided\"";

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorEnvelope.response(e.code(), e.apiCause());
    }

    @ServerExceptionMapper
    public Response filter(FilterException e) {
        return ErrorEnvelope.response(ErrorCode.INVALID_FILTER, ApiException.unhandledCause(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response sort(InvalidSortException e) {
        return ErrorEnvelope.response(ErrorCode.INVALID_SORT_IDENTIFIER, ApiException.unhandledCause(e.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, ForbiddenException.class,
            AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        Response.ResponseBuilder builder = ErrorEnvelope.builder(ErrorCode.UNAUTHORIZED, null);
        boolean tokenSent = request.getHeader("zt-session") != null || request.getHeader("Authorization") != null;
        if (!tokenSent) {
            builder.header("WWW-Authenticate", WWW_AUTHENTICATE);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorEnvelope.response(ErrorCode.NOT_FOUND, null);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return ErrorEnvelope.response(ErrorCode.METHOD_NOT_ALLOWED, null);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        // upstream falls into a generic 500 here; the contract's decision is 400 INVALID_CONTENT_TYPE
        return ErrorEnvelope.response(ErrorCode.INVALID_CONTENT_TYPE, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return ErrorEnvelope.response(ErrorCode.REQUEST_ENTITY_TOO_LARGE, null);
        }
        if (status >= 400 && status < 500) {
            return ErrorEnvelope.builder(ErrorCode.COULD_NOT_VALIDATE, ApiException.unhandledCause(e.getMessage()))
                    .status(400).build();
        }
        LOG.error("unhandled web failure", e);
        return ErrorEnvelope.response(ErrorCode.UNHANDLED, null);
    }

    @ServerExceptionMapper
    public Response unhandled(Throwable e) {
        LOG.error("unhandled failure", e);
        return ErrorEnvelope.response(ErrorCode.UNHANDLED, null);
    }

    static MediaType json() {
        return MediaType.APPLICATION_JSON_TYPE;
    }
}
