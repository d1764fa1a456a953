package org.onboarding.mdm.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.onboarding.mdm.persistence.Stored;

/** An organisation: owner of employees, Windows policies and enrollment tokens. Addressed by 24-hex id or slug. */
@Entity
@Table(name = "organization")
public class Organization extends Stored {

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    /** Plan feature: may this organisation use Windows MDM at all (else 5050). */
    @Column(name = "windows_mdm_allowed", nullable = false)
    public boolean windowsMdmAllowed;

    /** Plan quota: how many live (PENDING, unexpired) enrollment tokens the organisation may hold (else 5017). */
    @Column(name = "enrollment_token_quota", nullable = false)
    public int enrollmentTokenQuota;

    /** The organisation's Windows enterprise, created on first use. */
    @Column(name = "win_enterprise_id")
    public String winEnterpriseId;

    /** The AuthPolicy discovery advertises to this organisation's devices. */
    @Enumerated(EnumType.STRING)
    @Column(name = "win_auth_policy", nullable = false)
    public WinAuthPolicy winAuthPolicy = WinAuthPolicy.Federated;
}
