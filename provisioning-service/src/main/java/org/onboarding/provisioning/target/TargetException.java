package org.onboarding.provisioning.target;

import lombok.Getter;

/**
 * A target failure; {@code transient} ones (5xx, 429, timeouts, connection refused) are worth retrying. A create
 * refused because a unique value is taken carries {@link Conflict}: a taken name means "try the next counter", a taken
 * external id means "the person exists already: match".
 */
public class TargetException extends RuntimeException {

    public enum Conflict { NONE, NAME, EXTERNAL_ID }

    private final boolean transientFailure;
    @Getter
    private final Conflict conflict;

    public TargetException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, Conflict.NONE, cause);
    }

    public TargetException(String message, boolean transientFailure, Conflict conflict, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.conflict = conflict;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
