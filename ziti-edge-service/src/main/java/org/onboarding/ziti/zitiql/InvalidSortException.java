package org.onboarding.ziti.zitiql;

/** A bad undocumented {@code sort} query parameter; surfaces as 400 {@code INVALID_SORT_IDENTIFIER}. */
public class InvalidSortException extends RuntimeException {
    public InvalidSortException(String message) {
        super(message);
    }
}
