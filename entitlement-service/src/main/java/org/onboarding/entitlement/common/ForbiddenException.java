package org.onboarding.entitlement.common;

import java.util.List;

public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        this(message, null);
    }

    public ForbiddenException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String code() {
        return "auth_error";
    }
}
