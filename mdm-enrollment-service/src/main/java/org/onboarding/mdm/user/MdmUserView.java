package org.onboarding.mdm.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.onboarding.mdm.enrollment.EnrollmentTokenRequests.Language;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A device employee as the API shows it: Applivery's UEM MDM user ({@code name}, {@code tags}, ...). */
public record MdmUserView(String id, String organizationId, String email, String name, List<String> tags,
                          String language, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {

    /** Body of {@code POST .../mdm/users}. */
    public record CreateMdmUser(@NotBlank @Email @Size(max = 128) String email,
                                @Size(max = 128) String name,
                                List<@NotNull @Size(max = 128) String> tags,
                                Language language,
                                Map<String, Object> metadata) {
    }

    /** Body of {@code PUT .../mdm/users/:mdmUserId}: the e-mail is kept; the fields given replace the stored ones. */
    public record UpdateMdmUser(@Size(max = 128) String name,
                                List<@NotNull @Size(max = 128) String> tags,
                                Language language,
                                Map<String, Object> metadata) {
    }

    /** What {@code DELETE .../mdm/users/:mdmUserId} answers, as Applivery does. */
    public record Deleted(boolean delete) {
    }
}
