package org.onboarding.mdm.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.enrollment.WinPolicyAssignment;
import org.onboarding.mdm.windows.management.PolicyCsp;
import org.onboarding.mdm.windows.management.PolicyCsp.Setting;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The documented mapping of a policy's config to CSP settings, and how stacked policies merge. */
class PolicyCspTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "./Device/Vendor/MSFT/Policy/Config/";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static WinPolicyAssignment assignment(String policyId, int priority, int position) {
        WinPolicyAssignment assignment = new WinPolicyAssignment();
        assignment.winPolicyId = policyId;
        assignment.priority = priority;
        assignment.position = position;
        return assignment;
    }

    @Test
    void policiesComeByPriorityThenTheLegacyOneAndAssignmentsWithoutPolicyAreSkipped() {
        List<WinPolicyAssignment> assignments = List.of(assignment("b", 5, 0), assignment(null, 0, 1),
                assignment("a", 1, 2), assignment(null, 7, 3), assignment("c", 5, 4));
        assertEquals(List.of("a", "b", "c", "legacy"), List.copyOf(PolicyCsp.policyIds(assignments, "legacy")));
        assertEquals(List.of(), List.copyOf(PolicyCsp.policyIds(List.of(assignment(null, 1, 0)), null)));
    }

    @Test
    void theHigherPriorityPolicyWinsPerNodeAndTheOthersFillTheRest() throws Exception {
        JsonNode first = json("{\"cameraEnabled\": false, \"passwordRequired\": true}");
        JsonNode second = json("{\"cameraEnabled\": true, \"bluetoothEnabled\": false, \"telemetryLevel\": 1}");
        assertEquals(List.of(
                new Setting(CONFIG + "Camera/AllowCamera", "int", "0"),
                new Setting(CONFIG + "DeviceLock/DevicePasswordEnabled", "int", "0"),
                new Setting(CONFIG + "Connectivity/AllowBluetooth", "int", "0"),
                new Setting(CONFIG + "System/AllowTelemetry", "int", "1")), PolicyCsp.settings(List.of(first, second)));
    }

    @Test
    void rawCspNodesKeepTheirTypeAndOddFieldsAreSkipped() throws Exception {
        JsonNode config = json("{\"cameraEnabled\": \"no\", \"passwordMinimumLength\": 99, \"maxInactivityMinutes\": 5,"
                + "\"storageCardEnabled\": true, \"unknown\": 1, \"csp\": {"
                + "\"./Device/Vendor/MSFT/Policy/Config/Browser/AllowCookies\": 0,"
                + "\"./User/Vendor/MSFT/Policy/Config/Start/HideSleep\": true,"
                + "\"./Vendor/MSFT/DMClient/Provider/X/EntDeviceName\": \"kiosk\","
                + "\"./Device/Vendor/MSFT/Policy/Config/A/B\": 1.5,"
                + "\"C:/Windows/evil\": 1, \"./Device/Vendor/MSFT/../../x\": 1}}");
        assertEquals(List.of(
                new Setting(CONFIG + "System/AllowStorageCard", "int", "1"),
                new Setting(CONFIG + "DeviceLock/MaxInactivityTimeDeviceLock", "int", "5"),
                new Setting(CONFIG + "Browser/AllowCookies", "int", "0"),
                new Setting("./User/Vendor/MSFT/Policy/Config/Start/HideSleep", "bool", "true"),
                new Setting("./Vendor/MSFT/DMClient/Provider/X/EntDeviceName", "chr", "kiosk")),
                PolicyCsp.settings(List.of(config)));
        assertEquals(List.of(), PolicyCsp.settings(java.util.Arrays.asList(null, json("[]"), json("{}"))));
    }
}
