package org.onboarding.entitlement.common;

import java.util.List;

public class EntityNotFoundException extends ApiException {

    public EntityNotFoundException(String message) {
        this(message, null);
    }

    public EntityNotFoundException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String code() {
        return "not_found_error";
    }
}
