package org.onboarding.mdm.api;

import java.util.List;

/** A failure the API reports in its own envelope; thrown anywhere, rendered by {@link ApiExceptionMappers}. */
public class ApiException extends RuntimeException {

    public final ErrorCode errorCode;
    public final String errorMessage;
    public final Object data;

    public ApiException(ErrorCode errorCode) {
        this(errorCode, errorCode.message, null);
    }

    public ApiException(ErrorCode errorCode, String message, Object data) {
        super(errorCode.code + " " + message, null, false, false);
        this.errorCode = errorCode;
        this.errorMessage = message;
        this.data = data;
    }

    public static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND);
    }

    /** The row a path names, or the 3001 a caller gets for what does not exist or is out of its scope. */
    public static <T> T orNotFound(T row) {
        if (row == null) {
            throw notFound();
        }
        return row;
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION, ErrorCode.VALIDATION.message,
                List.of(new FieldError(field, message)));
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message, null);
    }
}
