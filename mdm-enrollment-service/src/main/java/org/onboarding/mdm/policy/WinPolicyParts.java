package org.onboarding.mdm.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.onboarding.mdm.api.ObjectIds;

import java.time.Instant;
import java.util.Map;

/** The nested parts of a winPolicy (README, Enrollment tokens and policies), used as request body, stored JSON and response alike. */
public final class WinPolicyParts {

    private WinPolicyParts() {
    }

    public enum ApplicationAction {
        @JsonProperty("forceInstall") FORCE_INSTALL,
        @JsonProperty("available") AVAILABLE
    }

    public enum ScriptType {
        @JsonProperty("once") ONCE,
        @JsonProperty("loop") LOOP,
        @JsonProperty("onDemand") ON_DEMAND
    }

    public enum AssetScope {
        @JsonProperty("user") USER,
        @JsonProperty("system") SYSTEM,
        @JsonProperty("all-users") ALL_USERS
    }

    public record Application(@NotNull @Pattern(regexp = ObjectIds.REGEX) String winApplicationId,
                              Map<String, Object> configuration,
                              ApplicationAction action,
                              Map<String, Object> updatePolicy) {
    }

    public record Script(ScriptType type,
                         @Size(max = 128) String id,
                         @Min(0) Integer loopTime,
                         Instant resetDate,
                         String arguments,
                         String argumentsProcessed,
                         @Size(max = 256) String name,
                         @Size(max = 500) String description,
                         @Size(max = 256) String runner) {
    }

    public record AdmxConfig(@NotNull @Pattern(regexp = ObjectIds.REGEX) String winAdmxConfigId) {
    }

    public record Asset(@Pattern(regexp = ObjectIds.REGEX) String mdmAssetId,
                        @Size(max = 256) String location,
                        @Size(max = 256) String assetName,
                        AssetScope scope) {
    }

    public record AgentConfiguration(Boolean enabled,
                                     @Size(max = 128) String buildTag,
                                     Boolean allowLocation,
                                     Boolean allowNetworkStatus,
                                     Boolean allowPackageTime,
                                     Boolean allowPackageTransfer) {
    }
}
