package org.onboarding.entitlement.common;

import java.util.List;

public class TokenMismatchException extends ApiException {

    public TokenMismatchException(String message) {
        this(message, null);
    }

    public TokenMismatchException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "found_error";
    }
}
