package org.onboarding.entitlement.flow;

import org.onboarding.entitlement.common.ApiException;

/**
 * What a running stage records besides its outcome: its retries (retriesCount/retriesInfo; see README, Contract notes,
 * Retries and timeouts).
 */
public final class StageContext {

    private int retriesCount;
    private final StringBuilder retriesInfo = new StringBuilder();

    public synchronized void retried(Throwable failure) {
        retriesCount++;
        if (!retriesInfo.isEmpty()) {
            retriesInfo.append("\n\n");
        }
        String type = failure instanceof ApiException api ? api.type() : failure.getClass().getSimpleName();
        retriesInfo.append(type).append(": ").append(failure.getMessage());
    }

    public synchronized int retriesCount() {
        return retriesCount;
    }

    public synchronized String retriesInfo() {
        return retriesInfo.isEmpty() ? null : retriesInfo.toString();
    }
}
