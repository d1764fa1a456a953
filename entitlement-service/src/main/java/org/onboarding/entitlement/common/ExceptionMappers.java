package org.onboarding.entitlement.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every failure leaves the service in the FOLIO error envelope; nothing reaches the client as a stack trace. */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status());
        if (e instanceof FlowFailedException flow) {
            builder.header(FlowFailedException.FLOW_ID_HEADER, flow.flowId().toString());
        }
        return builder.type(MediaType.APPLICATION_JSON)
                .entity(ErrorResponse.of(e.getMessage(), e.type(), e.code(), e.parameters())).build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ExceptionMappers::missingBody)) {
            return envelope(400, ErrorResponse.of(MISSING_BODY, "HttpMessageNotReadableException", "validation_error", null));
        }
        List<ErrorResponse.Error> errors = new ArrayList<>();
        e.getConstraintViolations().stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .forEach(v -> errors.add(toError(v)));
        return envelope(400, ErrorResponse.of(errors));
    }

    public static final String MISSING_BODY = "Required request body is missing";

    /**
     * A null request entity: the violated parameter carries no JAX-RS parameter annotation (query, path, header...),
     * so it is the body, and it was absent. Spring reports that before any validation, as an unreadable message.
     */
    private static boolean missingBody(ConstraintViolation<?> violation) {
        if (violation.getInvalidValue() != null || violation.getRootBeanClass() == null) {
            return false;
        }
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            } else {
                return false;   // a field inside the body
            }
        }
        if (method == null || parameter == null) {
            return false;
        }
        // the resource's own declaration (a generated subclass may override it without the annotations)
        java.lang.reflect.Method declared = null;
        for (Class<?> type = violation.getRootBeanClass(); type != null; type = type.getSuperclass()) {
            try {
                declared = type.getDeclaredMethod(method.getName(), method.getParameterTypes().toArray(new Class<?>[0]));
            } catch (NoSuchMethodException notHere) {
                // keep looking up
            }
        }
        if (declared == null || parameter.getParameterIndex() >= declared.getParameterCount()) {
            return false;
        }
        return java.util.Arrays.stream(declared.getParameterAnnotations()[parameter.getParameterIndex()])
                .noneMatch(a -> a.annotationType().getPackageName().equals("jakarta.ws.rs")
                        || a.annotationType().getPackageName().startsWith("org.jboss.resteasy.reactive"));
    }

    /** Body violations carry the field and rejected value; parameter violations read "operation.param message". */
    private static ErrorResponse.Error toError(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        boolean inBody = false;
        String method = null;
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getName() != null) {
                inBody = true;
                names.add(node.getName());
            }
        }
        if (!inBody) {
            String message = (method == null ? "" : method + ".") + parameter + " " + violation.getMessage();
            return new ErrorResponse.Error(message, "ConstraintViolationException", "validation_error", null);
        }
        Object invalid = violation.getInvalidValue();
        return new ErrorResponse.Error(violation.getMessage(), "MethodArgumentNotValidException", "validation_error",
                List.of(new ErrorResponse.Parameter(String.join(".", names), invalid == null ? "null" : String.valueOf(invalid))));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonTextModule.NulCharacterException nul) {
            return envelope(400, ErrorResponse.of(NulCharacterFilter.MESSAGE, "IllegalArgumentException", "validation_error",
                    List.of(ApiException.param("body", nul.pointer().isEmpty() ? "/" : nul.pointer()))));
        }
        String detail = e.getOriginalMessage();
        String type = "HttpMessageNotReadableException";
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            detail = "Cannot deserialize value of type `" + invalid.getTargetType().getSimpleName() + "` from "
                    + invalid.getValue();
            if (invalid.getCause() instanceof IllegalArgumentException) {
                type = "IllegalArgumentException";
            }
        }
        return envelope(400, ErrorResponse.of("JSON parse error: " + detail, type, "validation_error", null));
    }

    /** Also declared for the subtype so it wins over Quarkus' built-in mapper for mismatched input. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return envelope(404, ErrorResponse.of("Route is not found", "RouteNotFoundException", "route_not_found_error", null));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return envelope(405, ErrorResponse.of("Request method is not supported", "HttpRequestMethodNotSupportedException",
                "validation_error", null));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return envelope(400, ErrorResponse.of("Content-Type '" + (type == null ? "" : type) + "' is not supported",
                "HttpMediaTypeNotSupportedException", "validation_error", null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (e instanceof jakarta.ws.rs.BadRequestException && e.getCause() == null) {
            return envelope(400, ErrorResponse.of(MISSING_BODY,
                    "HttpMessageNotReadableException", "validation_error", null));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return envelope(500, ErrorResponse.of("Unexpected error", "UnknownError", "unknown_error", null));
        }
        return envelope(status, ErrorResponse.of(e.getMessage(), e.getClass().getSimpleName(), "validation_error", null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return envelope(500, ErrorResponse.of("Unexpected error", "UnknownError", "unknown_error", null));
    }

    public static Response envelope(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
