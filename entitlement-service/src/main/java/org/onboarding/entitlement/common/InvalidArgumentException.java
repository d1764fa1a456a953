package org.onboarding.entitlement.common;

import java.util.List;

public class InvalidArgumentException extends ApiException {

    public InvalidArgumentException(String message) {
        this(message, null);
    }

    public InvalidArgumentException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "validation_error";
    }

    /** Reported as upstream's {@code IllegalArgumentException} (the JDK class cannot carry our status/code). */
    @Override
    public String type() {
        return "IllegalArgumentException";
    }
}
