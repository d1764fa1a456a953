package org.onboarding.mdm.windows.management;

import com.fasterxml.jackson.databind.JsonNode;

import org.onboarding.mdm.enrollment.WinPolicyAssignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a Windows policy's {@code config} to CSP settings (the table is in the module README, "Policy → CSP").
 * Policies come highest priority first; the first one that sets a node wins. Unknown fields and values of the wrong
 * type are skipped: {@code config} is free-form JSON, and one odd field must not block the others.
 */
public final class PolicyCsp {

    /** One OMA-DM Replace: node URI, SyncML format ({@code int}, {@code bool}, {@code chr}) and value. */
    public record Setting(String uri, String format, String value) {
    }

    private static final String POLICY = "./Device/Vendor/MSFT/Policy/Config/";
    private static final Pattern CSP_URI = Pattern.compile("^\\./(Device/|User/)?Vendor/MSFT/[A-Za-z0-9_./\\-{}]+$");

    private PolicyCsp() {
    }

    public static List<Setting> settings(List<JsonNode> configsByPriority) {
        Map<String, Setting> merged = new LinkedHashMap<>();
        for (JsonNode config : configsByPriority) {
            for (Setting setting : ofOne(config)) {
                merged.putIfAbsent(setting.uri(), setting);
            }
        }
        return new ArrayList<>(merged.values());
    }

    /**
     * The ids of a token's policies, strongest first: its assignments by priority (then in the order given), then the
     * legacy {@code winPolicyId}. An assignment that names no policy (only its priority is required) adds nothing.
     */
    public static Set<String> policyIds(List<WinPolicyAssignment> assignments, String legacyPolicyId) {
        List<WinPolicyAssignment> ordered = new ArrayList<>(assignments);
        ordered.sort(Comparator.comparingInt((WinPolicyAssignment a) -> a.priority).thenComparingInt(a -> a.position));
        Set<String> ids = new LinkedHashSet<>();
        for (WinPolicyAssignment assignment : ordered) {
            if (assignment.winPolicyId != null) {
                ids.add(assignment.winPolicyId);
            }
        }
        if (legacyPolicyId != null) {
            ids.add(legacyPolicyId);
        }
        return ids;
    }

    static List<Setting> ofOne(JsonNode config) {
        List<Setting> out = new ArrayList<>();
        if (config == null || !config.isObject()) {
            return out;
        }
        bool(config, "cameraEnabled").ifPresent(v -> out.add(integer(POLICY + "Camera/AllowCamera", v ? 1 : 0)));
        bool(config, "bluetoothEnabled")
                .ifPresent(v -> out.add(integer(POLICY + "Connectivity/AllowBluetooth", v ? 2 : 0)));
        bool(config, "storageCardEnabled")
                .ifPresent(v -> out.add(integer(POLICY + "System/AllowStorageCard", v ? 1 : 0)));
        // DevicePasswordEnabled is inverted in the CSP: 0 means a password is required
        bool(config, "passwordRequired")
                .ifPresent(v -> out.add(integer(POLICY + "DeviceLock/DevicePasswordEnabled", v ? 0 : 1)));
        range(config, "passwordMinimumLength", 4, 16)
                .ifPresent(v -> out.add(integer(POLICY + "DeviceLock/MinDevicePasswordLength", v)));
        range(config, "maxInactivityMinutes", 0, 999)
                .ifPresent(v -> out.add(integer(POLICY + "DeviceLock/MaxInactivityTimeDeviceLock", v)));
        range(config, "telemetryLevel", 0, 3).ifPresent(v -> out.add(integer(POLICY + "System/AllowTelemetry", v)));
        JsonNode raw = config.get("csp");
        if (raw != null && raw.isObject()) {
            raw.fields().forEachRemaining(entry -> {
                String uri = entry.getKey();
                JsonNode value = entry.getValue();
                if (uri.length() > 512 || !CSP_URI.matcher(uri).matches() || uri.contains("..")) {
                    return;
                }
                if (value.isBoolean()) {
                    out.add(new Setting(uri, "bool", Boolean.toString(value.booleanValue())));
                } else if (value.isIntegralNumber() && value.canConvertToInt()) {
                    out.add(new Setting(uri, "int", Integer.toString(value.intValue())));
                } else if (value.isTextual() && value.textValue().length() <= 4096) {
                    out.add(new Setting(uri, "chr", value.textValue()));
                }
            });
        }
        return out;
    }

    private static Setting integer(String uri, int value) {
        return new Setting(uri, "int", Integer.toString(value));
    }

    private static java.util.Optional<Boolean> bool(JsonNode config, String field) {
        JsonNode value = config.get(field);
        return value != null && value.isBoolean() ? java.util.Optional.of(value.booleanValue()) : java.util.Optional.empty();
    }

    private static java.util.Optional<Integer> range(JsonNode config, String field, int min, int max) {
        JsonNode value = config.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToInt()
                && value.intValue() >= min && value.intValue() <= max) {
            return java.util.Optional.of(value.intValue());
        }
        return java.util.Optional.empty();
    }
}
