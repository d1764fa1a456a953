package org.onboarding.mdm.organization;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the organisation admin surface. */
public final class OrganizationRequests {

    private OrganizationRequests() {
    }

    public record CreateOrganization(
            @NotBlank @Size(max = 255) String name,
            @NotNull @Size(max = 128) @Pattern(regexp = "^[a-zA-Z0-9-]{3,}$") String slug,
            @Valid Plan plan,
            WinAuthPolicy winAuthPolicy) {
    }

    /** Plan features; both default when omitted (Windows MDM allowed, 100 live tokens). */
    public record Plan(Boolean windowsMdm, @Min(0) @Max(1_000_000) Integer enrollmentTokenQuota) {
    }
}
