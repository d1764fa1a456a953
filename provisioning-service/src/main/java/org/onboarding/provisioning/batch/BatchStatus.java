package org.onboarding.provisioning.batch;

/** Batch-level status, an addition to the contract (README, "Statuses"). */
public enum BatchStatus {
    CREATED, RUNNING, COMPLETED, PARTIAL, FAILED
}
