package org.onboarding.mdm.mdmuser;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** A device employee as the API shows it. */
public record MdmUserView(String id, String organizationId, String email, String displayName,
                          Instant createdAt, Instant updatedAt) {

    public static MdmUserView of(MdmUser user) {
        return new MdmUserView(user.id, user.organizationId, user.email, user.displayName, user.createdAt,
                user.updatedAt);
    }

    /** Body of {@code POST .../mdm/users}. */
    public record CreateMdmUser(@NotBlank @Email @Size(max = 128) String email, @Size(max = 128) String displayName) {
    }
}
