package org.onboarding.mdm.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.onboarding.mdm.persistence.OrganizationOwned;

import java.time.Instant;

/** A device employee (Applivery's MDM user) of an organisation: the person an enrollment token is issued to. */
@Entity
@Table(name = "mdm_user")
public class MdmUser extends OrganizationOwned {

    /** A field of the user a row points at ({@code mdmUserId}), to sort that row's list by it. */
    public static String field(String ownerAlias, String property) {
        return "(select u." + property + " from MdmUser u where u.id = " + ownerAlias + ".mdmUserId)";
    }

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

    /** Set by DELETE: the user is gone from the API, dead tokens still show who they were for. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
