package org.onboarding.mdm.enrollment;

/** PENDING → DONE (device enrolled) | EXPIRED (past expireAt) | DELETED (soft delete). Only PENDING is live. */
public enum TokenState {
    PENDING, DONE, EXPIRED, DELETED
}
