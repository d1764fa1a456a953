package org.onboarding.mdm.enrollment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ObjectIds;

import java.util.List;
import java.util.Locale;

/** Bodies of the winEnrollmentToken endpoints (README, Enrollment tokens and policies). */
public final class EnrollmentTokenRequests {

    public static final int MIN_DURATION = 60;
    public static final int MAX_DURATION = 2_592_000;
    public static final int DEFAULT_DURATION = 86_400;

    private EnrollmentTokenRequests() {
    }

    /** Languages of the invitation e-mail; the full Applivery list is not public. */
    public enum Language {
        @JsonProperty("en") EN,
        @JsonProperty("es") ES
    }

    /** Only {@code priority} is required, as in Applivery's schema; an assignment may name no policy. */
    public record PolicyAssignment(@Pattern(regexp = ObjectIds.REGEX) String winPolicyId,
                                   @NotNull @Min(0) @Max(10_000) Integer priority) {
    }

    public record CreateToken(@NotNull @Pattern(regexp = ObjectIds.REGEX) String mdmUserId,
                              @NotNull Boolean sendEmail,
                              @Size(max = 128) String displayName,
                              List<@NotNull @Size(max = 128) String> tags,
                              @Min(MIN_DURATION) @Max(MAX_DURATION) Integer duration,
                              Language language,
                              @Size(max = 10_000) String emailText,
                              @Pattern(regexp = ObjectIds.REGEX) String winPolicyId,
                              List<@NotNull @Valid PolicyAssignment> winPolicyAssignments,
                              Integer segmentId) {

        TokenSettings settings() {
            return new TokenSettings(sendEmail, displayName, tags, duration, language, emailText, winPolicyId,
                    winPolicyAssignments, segmentId);
        }
    }

    /** Same settings as {@link CreateToken}, for many e-mails at once. */
    public record BulkCreateTokens(@NotEmpty @Size(max = 1000) List<@NotNull String> userEmails,
                                   @NotNull Boolean sendEmail,
                                   @Size(max = 128) String displayName,
                                   List<@NotNull @Size(max = 128) String> tags,
                                   @Min(MIN_DURATION) @Max(MAX_DURATION) Integer duration,
                                   Language language,
                                   @Size(max = 10_000) String emailText,
                                   @Pattern(regexp = ObjectIds.REGEX) String winPolicyId,
                                   List<@NotNull @Valid PolicyAssignment> winPolicyAssignments,
                                   Integer segmentId) {

        TokenSettings settings() {
            return new TokenSettings(sendEmail, displayName, tags, duration, language, emailText, winPolicyId,
                    winPolicyAssignments, segmentId);
        }
    }

    /**
     * The seed's PUT body: every field optional, only the given ones change. {@code winPolicyId} is read as a JSON
     * node to tell absent (Java {@code null}: unchanged) from an explicit JSON {@code null} (the policy is cleared).
     */
    public record UpdateToken(@Size(max = 128) String displayName,
                              JsonNode winPolicyId,
                              List<@NotNull @Valid PolicyAssignment> winPolicyAssignments,
                              List<@NotNull @Size(max = 128) String> tags,
                              Integer segmentId) {

        boolean changesPolicyId() {
            return winPolicyId != null;
        }

        /** The new legacy policy id, {@code null} to clear it; anything but null or a 24-hex string is a 3000. */
        String newPolicyId() {
            if (winPolicyId == null || winPolicyId.isNull()) {
                return null;
            }
            if (!winPolicyId.isTextual() || !ObjectIds.isValid(winPolicyId.textValue())) {
                throw ApiException.invalid("winPolicyId", "must match \"" + ObjectIds.REGEX + "\"");
            }
            return winPolicyId.textValue().toLowerCase(Locale.ROOT);
        }
    }

    /** What single and bulk creation share. */
    record TokenSettings(boolean sendEmail, String displayName, List<String> tags, Integer duration,
                         Language language, String emailText, String winPolicyId,
                         List<PolicyAssignment> winPolicyAssignments, Integer segmentId) {

        int durationSeconds() {
            return duration == null ? DEFAULT_DURATION : duration;
        }
    }

    /** Bulk result: counts only (README, Enrollment tokens and policies). */
    public record BulkResult(int total, int success, int fail) {
    }
}
