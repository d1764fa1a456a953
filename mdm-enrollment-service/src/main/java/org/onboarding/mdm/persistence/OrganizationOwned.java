package org.onboarding.mdm.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** A resource row that belongs to one organisation: every read of it is scoped by {@code organization_id}. */
@MappedSuperclass
public abstract class OrganizationOwned extends Stored {

    @Column(name = "organization_id", nullable = false)
    public String organizationId;
}
