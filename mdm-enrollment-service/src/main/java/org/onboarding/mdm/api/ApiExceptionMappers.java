package org.onboarding.mdm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every failure leaves in the Applivery error envelope: bad JSON, unknown fields, wrong types, constraint violations,
 * authentication and routing errors. Nothing reaches the client as a stack trace or an empty 500.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return envelope(e.errorCode.httpStatus, e.errorCode.code, e.errorMessage, e.data);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return validation(errors);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return validation(List.of(describe(e)));
    }

    // the specific Jackson types too: Quarkus REST ships its own mapper for MismatchedInputException, which would
    // otherwise win over ours by being more specific
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return error(ErrorCode.NO_AUTH_TOKEN);
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return error(ErrorCode.INVALID_TOKEN);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(ErrorCode.FORBIDDEN);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 404 -> error(ErrorCode.ROUTE_NOT_FOUND);
            case 405 -> envelope(405, ErrorCode.ROUTE_NOT_FOUND.code, ErrorCode.ROUTE_NOT_FOUND.message, null);
            case 401 -> error(ErrorCode.NO_AUTH_TOKEN);
            case 403 -> error(ErrorCode.FORBIDDEN);
            case 415 -> envelope(415, ErrorCode.VALIDATION.code, ErrorCode.VALIDATION.message,
                    List.of(new FieldError("body", "Content-Type must be application/json")));
            case 406 -> envelope(406, ErrorCode.VALIDATION.code, ErrorCode.VALIDATION.message,
                    List.of(new FieldError("accept", "only application/json is produced")));
            default -> status < 500
                    ? envelope(status, ErrorCode.VALIDATION.code, ErrorCode.VALIDATION.message,
                            List.of(new FieldError("request", "malformed request")))
                    : internal(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    private static Response internal(Throwable e) {
        LOG.error("Unexpected failure", e);
        return error(ErrorCode.INTERNAL);
    }

    private static FieldError describe(JsonProcessingException e) {
        if (e instanceof NulCharacterException nul) {
            String field = pathOf(nul);
            return new FieldError(field, "\"" + field + "\" must not contain the NUL character");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = pathOf(unknown);
            return new FieldError(field, "\"" + unknown.getPropertyName() + "\" is not allowed");
        }
        if (e instanceof InvalidFormatException invalid) {
            String field = pathOf(invalid);
            String type = invalid.getTargetType() == null ? "value" : typeName(invalid.getTargetType());
            return new FieldError(field, "\"" + field + "\" must be " + type);
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String field = pathOf(mismatched);
            String type = mismatched.getTargetType() == null ? "value" : typeName(mismatched.getTargetType());
            return new FieldError(field, "\"" + field + "\" must be " + type);
        }
        return new FieldError("body", "Malformed JSON body");
    }

    private static String typeName(Class<?> type) {
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(enumValue(type, (Enum<?>) constant));
            }
            return "one of " + values;
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 date-time";
        }
        return "an object";
    }

    private static String enumValue(Class<?> type, Enum<?> constant) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty property =
                    type.getField(constant.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** {@code create.body.winPolicyAssignments[0].priority} → {@code winPolicyAssignments[0].priority}. */
    private static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        List<Path.Node> meaningful = new ArrayList<>();
        for (Path.Node node : nodes) {
            if (node.getKind() != ElementKind.METHOD) {
                meaningful.add(node);
            }
        }
        if (meaningful.size() > 1 && meaningful.get(0).getKind() == ElementKind.PARAMETER) {
            meaningful.remove(0);
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : meaningful) {
            // Hibernate Validator puts the index of a list element on the node that follows the list
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? "request" : field.toString();
    }

    private static Response validation(List<FieldError> errors) {
        return envelope(400, ErrorCode.VALIDATION.code, ErrorCode.VALIDATION.message, errors);
    }

    private static Response error(ErrorCode code) {
        return envelope(code.httpStatus, code.code, code.message, null);
    }

    static Response envelope(int status, int code, String message, Object data) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.failure(code, message, data)).build();
    }
}
