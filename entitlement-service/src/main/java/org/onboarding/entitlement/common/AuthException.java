package org.onboarding.entitlement.common;

import java.util.List;

public class AuthException extends ApiException {

    public AuthException(String message) {
        this(message, null);
    }

    public AuthException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String code() {
        return "auth_error";
    }
}
