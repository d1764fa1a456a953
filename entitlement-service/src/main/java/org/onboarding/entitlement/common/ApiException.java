package org.onboarding.entitlement.common;

import lombok.RequiredArgsConstructor;
import lombok.Getter;
import java.util.List;

/**
 * A FOLIO error: the envelope's {@code type} (upstream's exception class name), {@code code} and HTTP status, with a
 * message and optional parameters. One class for all of them; the kinds below are the ones this service answers with.
 */
public class ApiException extends RuntimeException {

    /** The upstream error types, by the simple class name upstream reports in {@code type}. */
    @RequiredArgsConstructor
    public enum Kind {
        REQUEST_VALIDATION("RequestValidationException", 400, "validation_error"),
        CQL_QUERY_VALIDATION("CqlQueryValidationException", 400, "validation_error"),
        /** Upstream's {@code IllegalArgumentException} (the JDK class cannot carry our status and code). */
        INVALID_ARGUMENT("IllegalArgumentException", 400, "validation_error"),
        /** A violated query-parameter constraint, as upstream's bean validation reports it. */
        CONSTRAINT_VIOLATION("ConstraintViolationException", 400, "validation_error"),
        NOT_FOUND("EntityNotFoundException", 404, "not_found_error"),
        EXISTS("EntityExistsException", 409, "found_error"),
        FORBIDDEN("ForbiddenException", 403, "auth_error"),
        INTEGRATION("IntegrationException", 400, "service_error");

        private final String type;
        private final int status;
        private final String code;
    }

    /** Null for the errors whose {@code type} varies. */
    @Getter
    private final Kind kind;
    @Getter
    private final String type;
    @Getter
    private final int status;
    @Getter
    private final String code;
    @Getter
    private final List<ErrorResponse.Parameter> parameters;

    public ApiException(Kind kind, String message, List<ErrorResponse.Parameter> parameters) {
        this(kind, kind.type, kind.status, kind.code, message, parameters);
    }

    /** For errors whose {@code type} varies (malformed requests, failed flows). */
    protected ApiException(String type, int status, String code, String message, List<ErrorResponse.Parameter> parameters) {
        this(null, type, status, code, message, parameters);
    }

    private ApiException(Kind kind, String type, int status, String code, String message,
            List<ErrorResponse.Parameter> parameters) {
        super(message);
        this.kind = kind;
        this.type = type;
        this.status = status;
        this.code = code;
        this.parameters = parameters;
    }

    public static ApiException requestValidation(String message) {
        return requestValidation(message, null);
    }

    public static ApiException requestValidation(String message, List<ErrorResponse.Parameter> parameters) {
        return new ApiException(Kind.REQUEST_VALIDATION, message, parameters);
    }

    public static ApiException cqlQuery(String message) {
        return new ApiException(Kind.CQL_QUERY_VALIDATION, message, null);
    }

    public static ApiException invalidArgument(String message) {
        return invalidArgument(message, null);
    }

    public static ApiException invalidArgument(String message, List<ErrorResponse.Parameter> parameters) {
        return new ApiException(Kind.INVALID_ARGUMENT, message, parameters);
    }

    public static ApiException constraintViolation(String message) {
        return new ApiException(Kind.CONSTRAINT_VIOLATION, message, null);
    }

    public static ApiException notFound(String message) {
        return notFound(message, null);
    }

    public static ApiException notFound(String message, List<ErrorResponse.Parameter> parameters) {
        return new ApiException(Kind.NOT_FOUND, message, parameters);
    }

    public static ApiException exists(String message) {
        return exists(message, null);
    }

    public static ApiException exists(String message, List<ErrorResponse.Parameter> parameters) {
        return new ApiException(Kind.EXISTS, message, parameters);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Kind.FORBIDDEN, message, null);
    }

    public static ApiException integration(String message) {
        return integration(message, null);
    }

    public static ApiException integration(String message, List<ErrorResponse.Parameter> parameters) {
        return new ApiException(Kind.INTEGRATION, message, parameters);
    }

    /**
     * A malformed request that upstream (Spring) reports with its own exception class name, e.g.
     * {@code MissingRequestHeaderException} or {@code MissingServletRequestParameterException}: 400 validation_error.
     */
    public static ApiException badRequest(String type, String message) {
        return new ApiException(type, 400, "validation_error", message, null);
    }

    public boolean is(Kind expected) {
        return kind == expected;
    }

    /** Whether a failure is an {@link ApiException} of the kind (for Mutiny's {@code onFailure(...)}). */
    public static boolean is(Throwable failure, Kind expected) {
        return failure instanceof ApiException api && api.is(expected);
    }

    /** The stage-error text: message plus parameters, when there are some (see README, Contract notes, Error envelope). */
    public String describe() {
        if (parameters == null || parameters.isEmpty()) {
            return getMessage();
        }
        StringBuilder text = new StringBuilder(getMessage()).append(", parameters: [");
        for (int i = 0; i < parameters.size(); i++) {
            ErrorResponse.Parameter p = parameters.get(i);
            text.append(i == 0 ? "" : ", ").append("{key: ").append(p.key()).append(", value: ").append(p.value()).append('}');
        }
        return text.append(']').toString();
    }

    public static ErrorResponse.Parameter param(String key, String value) {
        return new ErrorResponse.Parameter(key, value);
    }
}
