package org.onboarding.mdm.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full winPolicy object (README, Enrollment tokens and policies), also embedded as {@code winPolicyAssignments[].winPolicy}. The
 * {@code xxxInfo} lists describe the referenced applications, scripts, ADMX configurations and assets, one entry per
 * item of the list they describe (empty when it is).
 */
public record WinPolicyView(String id, String organizationId, String winEnterpriseId, String name, int version,
                            Map<String, Object> config,
                            List<WinPolicyParts.Application> applications,
                            List<WinPolicyParts.Script> scripts,
                            List<WinPolicyParts.AdmxConfig> admxConfigs,
                            List<WinPolicyParts.Asset> assets,
                            WinPolicyParts.AgentConfiguration agentConfiguration,
                            List<Info> applicationsInfo,
                            List<Info> scriptsInfo,
                            List<Info> admxConfigsInfo,
                            List<Info> assetsInfo,
                            Instant createdAt, Instant updatedAt) {

    /**
     * What the service knows about a referenced item: its id and, where the policy gives one, its name. The service
     * keeps no catalogue of Windows applications, scripts, ADMX files or assets to say more.
     */
    public record Info(String id, String name) {
    }

    /** The short form list items embed: {@code {id, name}}. */
    public record Summary(String id, String name) {
    }
}
