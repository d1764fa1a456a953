package org.onboarding.provisioning.target;

/** A target failure; {@code transient} ones (5xx, 429, timeouts, connection refused) are worth retrying. */
public class TargetException extends RuntimeException {

    private final boolean transientFailure;

    public TargetException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
