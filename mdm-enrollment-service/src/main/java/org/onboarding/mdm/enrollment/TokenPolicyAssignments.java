package org.onboarding.mdm.enrollment;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.api.FieldError;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.enrollment.EnrollmentTokenRequests.PolicyAssignment;
import org.onboarding.mdm.enrollment.EnrollmentTokenRequests.TokenSettings;
import org.onboarding.mdm.organization.Organization;
import org.onboarding.mdm.policy.WinPolicy;
import org.onboarding.mdm.policy.WinPolicyRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policies a token refers to (its legacy {@code winPolicyId} and its {@code winPolicyAssignments}): each must be a
 * live policy of the token's organisation (else 3001), and the assignments are stored one row each, in the caller's
 * order, under lower-cased ids.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class TokenPolicyAssignments {

    private final WinPolicyRepository policies;
    private final WinPolicyAssignmentRepository assignments;

    /** Every referenced policy must be a live policy of the organisation (else 3001); locked FOR SHARE. */
    Uni<List<WinPolicy>> lock(Organization org, TokenSettings settings) {
        Set<String> ids = ids(settings);
        return policies.lockLiveForAssignment(org.id, ids).invoke(found -> requireAll(ids, found));
    }

    /** Stores the requested assignments of a token that has none yet. */
    Uni<Void> add(WinEnrollmentToken token, List<PolicyAssignment> requested) {
        List<WinPolicyAssignment> rows = rows(token, requested);
        return rows.isEmpty() ? Uni.createFrom().voidItem() : assignments.persist(rows);
    }

    /** Replaces a token's assignments with the requested ones. */
    Uni<Void> replace(WinEnrollmentToken token, List<PolicyAssignment> requested) {
        return assignments.deleteByToken(token.id).flatMap(deleted -> add(token, requested));
    }

    /** The assignment rows of a token, in the caller's order. */
    static List<WinPolicyAssignment> rows(WinEnrollmentToken token, List<PolicyAssignment> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        List<WinPolicyAssignment> rows = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            WinPolicyAssignment row = new WinPolicyAssignment();
            row.id = ObjectIds.next();
            row.tokenId = token.id;
            String policyId = requested.get(i).winPolicyId();
            row.winPolicyId = policyId == null ? null : policyId.toLowerCase(Locale.ROOT);
            row.priority = requested.get(i).priority();
            row.position = i;
            rows.add(row);
        }
        return rows;
    }

    /** The rows as {@code WinEnrollmentTokenRepository.insertAdmitted} takes them: one JSON object each, by column. */
    static List<Map<String, Object>> columns(List<WinPolicyAssignment> assigned) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WinPolicyAssignment a : assigned) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", a.id);
            row.put("win_policy_id", a.winPolicyId);
            row.put("priority", a.priority);
            row.put("position", a.position);
            rows.add(row);
        }
        return rows;
    }

    /** A policy assigned twice is a validation error on the second occurrence's field. */
    static void rejectDuplicates(List<PolicyAssignment> requested) {
        if (requested == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            PolicyAssignment assignment = requested.get(i);
            if (assignment != null && assignment.winPolicyId() != null
                    && !seen.add(assignment.winPolicyId().toLowerCase(Locale.ROOT))) {
                throw new ApiException(ErrorCode.VALIDATION, ErrorCode.VALIDATION.message, List.of(new FieldError(
                        "winPolicyAssignments[" + i + "].winPolicyId", "duplicate policy in the assignments")));
            }
        }
    }

    /** A referenced policy that is not a live policy of the organisation answers 3001, like any unknown id. */
    private static void requireAll(Set<String> ids, Collection<?> found) {
        if (found.size() != ids.size()) {
            throw ApiException.notFound();
        }
    }

    /** The ids of the policies the settings refer to, lower-cased, each once. */
    static Set<String> ids(TokenSettings settings) {
        Set<String> ids = new LinkedHashSet<>();
        if (settings.winPolicyId() != null) {
            ids.add(settings.winPolicyId().toLowerCase(Locale.ROOT));
        }
        if (settings.winPolicyAssignments() != null) {
            settings.winPolicyAssignments().stream().filter(a -> a.winPolicyId() != null)
                    .forEach(a -> ids.add(a.winPolicyId().toLowerCase(Locale.ROOT)));
        }
        return ids;
    }
}
