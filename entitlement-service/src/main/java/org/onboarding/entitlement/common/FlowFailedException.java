package org.onboarding.entitlement.common;

import lombok.Getter;
import java.util.List;
import java.util.UUID;

/**
 * A synchronous flow that ended failed, cancelled or cancellation_failed (or timed out): 400 {@code service_error}
 * with the flow id in {@code x-mgr-tenant-entitlement-flow-id} and one parameter per failed stage
 * (see README, Contract notes, Error envelope).
 */
public class FlowFailedException extends ApiException {

    public static final String FLOW_ID_HEADER = "x-mgr-tenant-entitlement-flow-id";

    @Getter
    private final UUID flowId;

    public FlowFailedException(UUID flowId, String status, String type, List<ErrorResponse.Parameter> parameters) {
        super(type, 400, "service_error", "Flow '" + flowId + "' finished with status: " + status, parameters);
        this.flowId = flowId;
    }
}
