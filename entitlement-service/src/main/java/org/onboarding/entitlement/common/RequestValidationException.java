package org.onboarding.entitlement.common;

import java.util.List;

public class RequestValidationException extends ApiException {

    public RequestValidationException(String message) {
        this(message, null);
    }

    public RequestValidationException(String message, List<ErrorResponse.Parameter> parameters) {
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
}
