package org.onboarding.mdm.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.onboarding.mdm.persistence.WindowsEnterpriseOwned;

import java.time.Instant;

/** A Windows enrollment token (README, Enrollment tokens and policies). */
@Entity
@Table(name = "win_enrollment_token")
public class WinEnrollmentToken extends WindowsEnterpriseOwned {

    @Column(name = "win_device_id")
    public String winDeviceId;

    @Column(name = "mdm_user_id", nullable = false)
    public String mdmUserId;

    @Column(name = "display_name")
    public String displayName;

    /** JSON array of strings. */
    @Column(nullable = false, columnDefinition = "text")
    public String tags;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TokenState state;

    /** Opaque per-token config, JSON object. */
    @Column(nullable = false, columnDefinition = "text")
    public String config;

    @Column(nullable = false)
    public String type;

    @Column(name = "sub_type", nullable = false)
    public String subType;

    @Column(name = "enrollment_link", nullable = false)
    public String enrollmentLink;

    @Column(name = "enroll_code", nullable = false)
    public String enrollCode;

    @Column(name = "win_policy_id")
    public String winPolicyId;

    @Column(name = "send_email", nullable = false)
    public boolean sendEmail;

    @Column(name = "email_text", columnDefinition = "text")
    public String emailText;

    @Column
    public String language;

    @Column(name = "segment_id")
    public Integer segmentId;

    @Column(name = "expire_at", nullable = false)
    public Instant expireAt;

    /** The creation request's {@code Idempotency-Key}, unique per organisation; null when none was sent. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The state as of {@code now}: a PENDING token past its expiry reads EXPIRED even before the sweep stores it. */
    public TokenState stateAt(Instant now) {
        return state == TokenState.PENDING && now.isAfter(expireAt) ? TokenState.EXPIRED : state;
    }
}
