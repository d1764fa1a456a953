package org.onboarding.entitlement.flow;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.ErrorResponse;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;
import org.onboarding.entitlement.registry.Semver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Request validators shared by the flows and {@code POST /entitlements/validate}. Each fails
 * with the upstream exception and message; none changes anything.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class RequestValidators {

    private final FlowStore flows;
    private final EntitlementStore entitlements;
    private final ApplicationRegistry registry;

    /**
     * {@code InterfaceIntegrityValidator}. ENTITLE: the requested applications'
     * requirements against themselves plus what the tenant's other entitled applications provide. UPGRADE: the new
     * descriptors together with all other entitled applications, requirements of both (an upgrade may not break
     * another application). STATE: the desired descriptors only.
     */
    public Uni<Void> interfaceIntegrity(String type, UUID tenantId, List<ApplicationDescriptor> requested) {
        if ("STATE".equals(type)) {
            return Uni.createFrom().voidItem().invoke(() -> InterfaceIntegrity.check(requested, List.of()));
        }
        Set<String> names = new java.util.HashSet<>();
        requested.forEach(d -> names.add(d.name()));
        return entitlements.applicationIds(tenantId)
                .map(ids -> ids.stream().filter(id -> !names.contains(Semver.parseId(id).name())).toList())
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<ApplicationDescriptor>of()) : registry.loadFound(ids))
                .invoke(others -> {
                    if ("UPGRADE".equals(type)) {
                        List<ApplicationDescriptor> all = new ArrayList<>(requested);
                        all.addAll(others);
                        InterfaceIntegrity.check(all, List.of());
                    } else {
                        InterfaceIntegrity.check(requested, others);
                    }
                }).replaceWithVoid();
    }

    /** {@code ApplicationFlowValidator}: the prior-flow table (see README, Contract notes, Prior-flow rules) against the last flow by name (entitle/upgrade) or id (revoke). */
    public Uni<Void> priorFlows(UUID tenantId, List<String> applicationIds, String type, String message) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<FlowStore.LastFlow>> last;
        if ("REVOKE".equals(type)) {
            last = flows.lastFlowsById(tenantId, applicationIds);
        } else {
            Set<String> names = new java.util.LinkedHashSet<>();
            applicationIds.forEach(id -> names.add(Semver.parseId(id).name()));
            last = flows.lastFlowsByName(tenantId, new ArrayList<>(names));
        }
        return last.map(found -> {
            List<ErrorResponse.Parameter> problems = new ArrayList<>();
            for (FlowStore.LastFlow flow : found) {
                String reason = PriorFlowRules.reasonToRefuse(type, flow.type(), flow.status());
                if (reason != null) {
                    problems.add(ApiException.param(flow.applicationId(), reason));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.requestValidation(message, problems);
            }
            return null;
        });
    }

    /** {@code ExistingEntitlementValidator}: every id to revoke is entitled. */
    public Uni<Void> existingEntitlements(UUID tenantId, List<String> applicationIds) {
        return entitlements.applicationIds(tenantId).map(entitled -> {
            List<String> missing = applicationIds.stream().filter(id -> !entitled.contains(id)).toList();
            if (!missing.isEmpty()) {
                throw ApiException.notFound("Entitlements are not found for applications: " + missing);
            }
            return null;
        });
    }

    /**
     * {@code UpgradeRequestValidator}: each id pairs by name with an entitled application of a strictly lower
     * version. Returns new id → entitled id.
     */
    public Uni<Map<String, String>> upgradeRequest(UUID tenantId, List<String> applicationIds) {
        Map<String, Semver.Id> parsed = new LinkedHashMap<>();
        List<ErrorResponse.Parameter> problems = new ArrayList<>();
        for (String id : applicationIds) {
            try {
                Semver.Id p = Semver.parseId(id);
                Semver.parse(p.version());
                parsed.put(id, p);
            } catch (ApiException e) {
                problems.add(ApiException.param(id, "Application has invalid version"));
            }
        }
        return entitlements.applicationIds(tenantId).map(entitled -> {
            Map<String, String> entitledByName = new HashMap<>();
            for (String id : entitled) {
                entitledByName.put(Semver.parseId(id).name(), id);
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            parsed.forEach((id, p) -> {
                String current = entitledByName.get(p.name());
                if (current == null) {
                    problems.add(ApiException.param(id, "Entitlement is not found for application"));
                } else if (Semver.parse(p.version()).compareTo(Semver.parse(Semver.parseId(current).version())) <= 0) {
                    problems.add(ApiException.param(id, "Application version is same or lower than entitled"));
                } else {
                    pairs.put(id, current);
                }
            });
            if (!problems.isEmpty()) {
                throw ApiException.requestValidation("Invalid applications provided for upgrade", problems);
            }
            return pairs;
        });
    }

    /** {@code DesiredStateWithUpgradeValidator}: the planned upgrades must go strictly up. */
    public static void strictlyHigher(Map<String, String> upgrade) {
        List<ErrorResponse.Parameter> problems = new ArrayList<>();
        upgrade.forEach((id, current) -> {
            if (Semver.parse(Semver.parseId(id).version()).compareTo(Semver.parse(Semver.parseId(current).version())) <= 0) {
                problems.add(ApiException.param(id, "Application version is same or lower than entitled"));
            }
        });
        if (!problems.isEmpty()) {
            throw ApiException.requestValidation("Invalid applications provided for upgrade", problems);
        }
    }
}
