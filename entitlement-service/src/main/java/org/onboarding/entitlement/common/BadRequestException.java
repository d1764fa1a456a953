package org.onboarding.entitlement.common;

/**
 * A malformed request that upstream (Spring) reports with its own exception class name, e.g.
 * {@code MissingRequestHeaderException} or {@code MissingServletRequestParameterException}: 400 validation_error.
 */
public class BadRequestException extends ApiException {

    private final String type;

    public BadRequestException(String type, String message) {
        super(message, null);
        this.type = type;
    }

    @Override
    public String type() {
        return type;
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
