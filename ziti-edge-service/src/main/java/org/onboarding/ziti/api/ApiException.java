package org.onboarding.ziti.api;

import lombok.Getter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A failure that renders as upstream's error envelope. {@code cause} is a field error or a nested error. */
public class ApiException extends RuntimeException {

    @Getter
    private final ErrorCode code;
    private final transient Object cause;

    public ApiException(ErrorCode code, Object cause) {
        super(code.name());
        this.code = code;
        this.cause = cause;
    }

    public Object apiCause() {
        return cause;
    }

    /** Upstream's field error {@code {field, reason, value}}; upstream always writes the value as a string. */
    public static Map<String, Object> fieldCause(String field, String reason, Object value) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("field", field);
        cause.put("reason", reason);
        cause.put("value", value == null ? "<nil>" : String.valueOf(value));
        return cause;
    }

    /** Upstream's rendering of any plain error as a nested cause. */
    public static Map<String, Object> unhandledCause(String message) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("code", ErrorCode.UNHANDLED.name());
        cause.put("message", message);
        return cause;
    }

    public static ApiException notFound(String entity, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, unhandledCause(entity + " with id " + id + " not found"));
    }

    public static ApiException couldNotValidate(String field, String reason, Object value) {
        return new ApiException(ErrorCode.COULD_NOT_VALIDATE, fieldCause(field, reason, value));
    }

    /** Model-level create errors: INVALID_FIELD with a proper field cause (contract §3.1 recommendation). */
    public static ApiException invalidField(String field, String reason, Object value) {
        return new ApiException(ErrorCode.INVALID_FIELD, fieldCause(field, reason, value));
    }
}
