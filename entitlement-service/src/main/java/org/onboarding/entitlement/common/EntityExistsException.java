package org.onboarding.entitlement.common;

import java.util.List;

public class EntityExistsException extends ApiException {

    public EntityExistsException(String message) {
        this(message, null);
    }

    public EntityExistsException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String code() {
        return "found_error";
    }
}
