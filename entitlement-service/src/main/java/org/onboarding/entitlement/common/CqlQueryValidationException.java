package org.onboarding.entitlement.common;

import java.util.List;

public class CqlQueryValidationException extends ApiException {

    public CqlQueryValidationException(String message) {
        this(message, null);
    }

    public CqlQueryValidationException(String message, List<ErrorResponse.Parameter> parameters) {
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
