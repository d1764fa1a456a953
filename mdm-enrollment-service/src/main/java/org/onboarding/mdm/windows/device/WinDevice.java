package org.onboarding.mdm.windows.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.onboarding.mdm.persistence.WindowsEnterpriseOwned;

import java.time.Instant;

/** An enrolled Windows device (Applivery's winDevice): what enrollment learnt, its certificate, its DevInfo. */
@Entity
@Table(name = "win_device")
public class WinDevice extends WindowsEnterpriseOwned {

    public enum State { ENROLLED, UNENROLLED }

    @Column(name = "token_id", nullable = false)
    public String tokenId;

    @Column(name = "mdm_user_id", nullable = false)
    public String mdmUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** The DeviceID the client sent in AdditionalContext. */
    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(name = "hw_dev_id")
    public String hwDevId;

    @Column
    public String name;

    @Column(name = "enrollment_type")
    public String enrollmentType;

    @Column(name = "os_version")
    public String osVersion;

    @Column(name = "os_edition")
    public String osEdition;

    @Column(name = "cert_serial", nullable = false)
    public String certSerial;

    /** SHA-256 of the issued certificate's DER, lowercase hex. */
    @Column(name = "cert_fingerprint", nullable = false)
    public String certFingerprint;

    @Column(name = "cert_not_after", nullable = false)
    public Instant certNotAfter;

    /** JSON object: the ./DevInfo/* values of the last management session, by node name. */
    @Column(name = "dev_info", nullable = false, columnDefinition = "text")
    public String devInfo;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "unenrolled_at")
    public Instant unenrolledAt;
}
