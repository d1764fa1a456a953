package org.onboarding.ziti.api;

/** Recognises database constraint violations by the constraint's name anywhere in the cause chain. */
public final class Failures {

    private Failures() {
    }

    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
