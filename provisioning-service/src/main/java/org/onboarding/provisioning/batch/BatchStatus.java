package org.onboarding.provisioning.batch;

/** Batch-level status (provisioning.md §4, additive to the contract). */
public enum BatchStatus {
    CREATED, RUNNING, COMPLETED, PARTIAL, FAILED
}
