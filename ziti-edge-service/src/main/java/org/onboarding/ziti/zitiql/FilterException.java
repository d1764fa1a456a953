package org.onboarding.ziti.zitiql;

/** A filter that does not parse or does not type-check; surfaces as 400 {@code INVALID_FILTER}. */
public class FilterException extends RuntimeException {
    public FilterException(String message) {
        super(message);
    }
}
