package org.onboarding.entitlement.common;

import java.util.List;

public class IntegrationException extends ApiException {

    public IntegrationException(String message) {
        this(message, null);
    }

    public IntegrationException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message, parameters);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "service_error";
    }
}
