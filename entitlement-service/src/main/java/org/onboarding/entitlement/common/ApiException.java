package org.onboarding.entitlement.common;

import java.util.List;

/**
 * A domain error with the FOLIO error type name, code and HTTP status it maps to. Subclasses are named after the
 * upstream exception classes because the {@code type} field of the envelope carries that simple class name.
 */
public abstract class ApiException extends RuntimeException {

    private final List<ErrorResponse.Parameter> parameters;

    protected ApiException(String message, List<ErrorResponse.Parameter> parameters) {
        super(message);
        this.parameters = parameters;
    }

    public List<ErrorResponse.Parameter> parameters() {
        return parameters;
    }

    public abstract int status();

    public abstract String code();

    public String type() {
        return getClass().getSimpleName();
    }

    /** The stage-error text: message plus parameters, when there are some (see README, Contract notes, Error envelope). */
    public String describe() {
        if (parameters == null || parameters.isEmpty()) {
            return getMessage();
        }
        StringBuilder text = new StringBuilder(getMessage()).append(", parameters: [");
        for (int i = 0; i < parameters.size(); i++) {
            ErrorResponse.Parameter p = parameters.get(i);
            text.append(i == 0 ? "" : ", ").append("{key: ").append(p.key()).append(", value: ").append(p.value()).append('}');
        }
        return text.append(']').toString();
    }

    public static ErrorResponse.Parameter param(String key, String value) {
        return new ErrorResponse.Parameter(key, value);
    }
}
