package org.onboarding.mdm.windows.device;

import java.time.Instant;
import java.util.Map;

/** A Windows device as the API shows it; optional fields are left out while unknown (the API's JSON rule). */
public record WinDeviceView(String id,
                            String organizationId,
                            String winEnterpriseId,
                            String winEnrollmentTokenId,
                            MdmUserRef mdmUser,
                            WinDevice.State state,
                            String deviceId,
                            String hwDevId,
                            String name,
                            String enrollmentType,
                            String osVersion,
                            String osEdition,
                            Map<String, String> devInfo,
                            Certificate certificate,
                            Instant lastSeenAt,
                            Instant createdAt,
                            Instant updatedAt,
                            Instant unenrolledAt) {

    public record MdmUserRef(String id, String email) {
    }

    /** The client certificate issued at enrollment. */
    public record Certificate(String serialNumber, String sha256Fingerprint, Instant notAfter) {
    }

    /** What a token's details show of the device it enrolled. */
    public record Summary(String id, String name, WinDevice.State state, Instant createdAt) {
        public static Summary of(WinDevice device) {
            return new Summary(device.id, device.name, device.state, device.createdAt);
        }
    }
}
