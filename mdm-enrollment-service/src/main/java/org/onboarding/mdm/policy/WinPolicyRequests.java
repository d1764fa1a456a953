package org.onboarding.mdm.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Bodies of the winPolicy endpoints. */
public final class WinPolicyRequests {

    private WinPolicyRequests() {
    }

    /** "Create winPolicy": {@code name} required, everything else optional. */
    public record CreateWinPolicy(@NotBlank @Size(max = 256) String name,
                                  Map<String, Object> config,
                                  List<WinPolicyParts.@NotNull @Valid Application> applications,
                                  List<WinPolicyParts.@NotNull @Valid Script> scripts,
                                  List<WinPolicyParts.@NotNull @Valid AdmxConfig> admxConfigs,
                                  List<WinPolicyParts.@NotNull @Valid Asset> assets,
                                  @Valid WinPolicyParts.AgentConfiguration agentConfiguration) {
    }

    /** Partial update: the fields given replace the stored ones (lists as a whole); {@code version} is bumped. */
    public record UpdateWinPolicy(@Size(min = 1, max = 256) String name,
                                  Map<String, Object> config,
                                  List<WinPolicyParts.@NotNull @Valid Application> applications,
                                  List<WinPolicyParts.@NotNull @Valid Script> scripts,
                                  List<WinPolicyParts.@NotNull @Valid AdmxConfig> admxConfigs,
                                  List<WinPolicyParts.@NotNull @Valid Asset> assets,
                                  @Valid WinPolicyParts.AgentConfiguration agentConfiguration) {
    }
}
