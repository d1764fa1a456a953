package org.onboarding.mdm.enrollment;

import org.onboarding.mdm.windows.device.WinDeviceView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The token object, as Applivery shows it (README, Enrollment tokens and policies). */
public record WinEnrollmentTokenView(String id,
                                     String organizationId,
                                     String winEnterpriseId,
                                     String winDeviceId,
                                     MdmUserRef mdmUser,
                                     String displayName,
                                     List<String> tags,
                                     TokenState state,
                                     Map<String, Object> config,
                                     String type,
                                     String subType,
                                     Instant createdAt,
                                     Instant updatedAt,
                                     Instant expireAt,
                                     String enrollmentLink,
                                     String enrollCode,
                                     String winPolicyId,
                                     List<Assignment> winPolicyAssignments,
                                     Summary summary,
                                     boolean sendEmail,
                                     String emailText,
                                     Integer segmentId,
                                     WinDeviceView.Summary winDevice) {

    /** Token details show the device the token enrolled. */
    public WinEnrollmentTokenView withDevice(WinDeviceView.Summary device) {
        return new WinEnrollmentTokenView(id, organizationId, winEnterpriseId, winDeviceId, mdmUser, displayName, tags,
                state, config, type, subType, createdAt, updatedAt, expireAt, enrollmentLink, enrollCode, winPolicyId,
                winPolicyAssignments, summary, sendEmail, emailText, segmentId, device);
    }

    public record MdmUserRef(String id, String email, String displayName) {
    }

    /**
     * {@code winPolicy} is the full policy on create/get/update, {@code {id,name}} in lists; both are left out when
     * the assignment names no policy.
     */
    public record Assignment(String winPolicyId, Object winPolicy, int priority) {
    }

    public record Summary(Instant expirationTimestamp) {
    }
}
