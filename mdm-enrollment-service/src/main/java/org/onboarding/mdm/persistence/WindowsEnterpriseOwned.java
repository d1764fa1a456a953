package org.onboarding.mdm.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** A resource row of an organisation's Windows enterprise (policies, enrollment tokens, devices). */
@MappedSuperclass
public abstract class WindowsEnterpriseOwned extends OrganizationOwned {

    @Column(name = "win_enterprise_id", nullable = false)
    public String winEnterpriseId;
}
