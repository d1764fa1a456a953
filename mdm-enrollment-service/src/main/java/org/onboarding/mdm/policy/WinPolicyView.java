package org.onboarding.mdm.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The full winPolicy object (mdm.md §3), also embedded as {@code winPolicyAssignments[].winPolicy}. */
public record WinPolicyView(String id, String organizationId, String winEnterpriseId, String name, int version,
                            Map<String, Object> config,
                            List<WinPolicyParts.Application> applications,
                            List<WinPolicyParts.Script> scripts,
                            List<WinPolicyParts.AdmxConfig> admxConfigs,
                            List<WinPolicyParts.Asset> assets,
                            WinPolicyParts.AgentConfiguration agentConfiguration,
                            Instant createdAt, Instant updatedAt) {

    /** The short form list items embed: {@code {id, name}}. */
    public record Summary(String id, String name) {
    }
}
