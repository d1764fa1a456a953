package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import org.onboarding.entitlement.flow.ApplicationStateTransitionPlanner;
import org.onboarding.entitlement.flow.EntitleFlow;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/** What the stages of one flow share: the request and what earlier stages found, planned or did. */
@RequiredArgsConstructor
public final class FlowContext {

    /** Message of the request validators' errors for this flow type. */
    public static final String ENTITLEMENT_REQUEST_ERRORS = "Found validation errors in entitlement request";
    public static final String DESIRED_STATE_ERRORS = "Found validation errors in desired state request";

    public final EntitleFlow.Request request;
    public volatile String tenantName;
    public final Map<String, ApplicationFlowContext> appFlows = new LinkedHashMap<>();
    /** Applications to entitle, to upgrade (new descriptors) and to revoke, in request order. */
    public List<ApplicationDescriptor> descriptors = List.of();
    public List<ApplicationDescriptor> upgrades = List.of();
    public List<ApplicationDescriptor> revokes = List.of();
    /** Upgrade pairing by name: new id → entitled id, and the entitled descriptors by id. */
    public Map<String, String> upgradePairs = Map.of();
    public final Map<String, ApplicationDescriptor> previous = new HashMap<>();
    public ApplicationStateTransitionPlanner.Plan plan;
    public List<ApplicationDescriptor> desired = List.of();
    /** Finished work that can be undone, newest first. */
    public final Deque<Rollback> rollbacks = new ConcurrentLinkedDeque<>();
    public final Set<UUID> startedAppFlows = ConcurrentHashMap.newKeySet();
    /** Application flows actually inserted (queued), in queuing order. */
    public final Set<UUID> queuedAppFlows = Collections.synchronizedSet(new LinkedHashSet<>());

    public UUID flowId() {
        return request.flowId();
    }

    public UUID tenantId() {
        return request.tenantId();
    }

    public String validationMessage() {
        return "STATE".equals(request.type()) ? DESIRED_STATE_ERRORS : ENTITLEMENT_REQUEST_ERRORS;
    }

    /** A finished unit of work that can be undone, recorded on its stage. */
    public record Rollback(UUID ownerId, String stage, UUID applicationFlowId, Supplier<io.smallrye.mutiny.Uni<Void>> action) {
    }
}
