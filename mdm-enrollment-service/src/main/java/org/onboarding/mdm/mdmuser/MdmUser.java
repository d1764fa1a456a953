package org.onboarding.mdm.mdmuser;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A device employee (Applivery's MDM user) of an organisation: the person an enrollment token is issued to. */
@Entity
@Table(name = "mdm_user")
public class MdmUser extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "organization_id", nullable = false)
    public String organizationId;

    @Column(nullable = false)
    public String email;

    @Column
    public String name;

    /** JSON array of strings. */
    @Column(nullable = false, columnDefinition = "text")
    public String tags;

    /** {@code en} or {@code es}; null when not chosen. */
    @Column
    public String language;

    /** Free JSON object. */
    @Column(nullable = false, columnDefinition = "text")
    public String metadata;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set by DELETE: the user is gone from the API, dead tokens still show who they were for. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
