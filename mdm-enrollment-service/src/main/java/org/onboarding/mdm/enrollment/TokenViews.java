package org.onboarding.mdm.enrollment;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.user.MdmUser;
import org.onboarding.mdm.user.MdmUserRepository;
import org.onboarding.mdm.persistence.JsonColumns;
import org.onboarding.mdm.policy.WinPolicy;
import org.onboarding.mdm.policy.WinPolicyJson;
import org.onboarding.mdm.policy.WinPolicyRepository;
import org.onboarding.mdm.policy.WinPolicyView;
import org.onboarding.mdm.windows.device.WinDeviceRepository;
import org.onboarding.mdm.windows.device.WinDeviceView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds token views with their employee and policy assignments, in three queries for any number of tokens. */
@ApplicationScoped
public class TokenViews {

    private final MdmUserRepository users;
    private final WinPolicyAssignmentRepository assignments;
    private final WinPolicyRepository policies;
    private final WinPolicyJson policyJson;
    private final JsonColumns json;
    private final WinDeviceRepository devices;

    public TokenViews(MdmUserRepository users, WinPolicyAssignmentRepository assignments, WinPolicyRepository policies,
                      WinPolicyJson policyJson, JsonColumns json, WinDeviceRepository devices) {
        this.devices = devices;
        this.users = users;
        this.assignments = assignments;
        this.policies = policies;
        this.policyJson = policyJson;
        this.json = json;
    }

    /** The details: assignments with full policies, and the enrolled device when there is one. */
    public Uni<WinEnrollmentTokenView> full(WinEnrollmentToken token, Instant now) {
        return views(List.of(token), true, now).map(list -> list.get(0)).flatMap(view -> token.winDeviceId == null
                ? Uni.createFrom().item(view)
                : devices.findById(token.winDeviceId)
                        .map(device -> device == null ? view : view.withDevice(WinDeviceView.Summary.of(device))));
    }

    /** {@code fullPolicies}: expand assignments to the whole policy object (get/put) or to {@code {id,name}} (list). */
    public Uni<List<WinEnrollmentTokenView>> views(List<WinEnrollmentToken> tokens, boolean fullPolicies, Instant now) {
        Set<String> userIds = tokens.stream().map(t -> t.mdmUserId).collect(Collectors.toSet());
        List<String> tokenIds = tokens.stream().map(t -> t.id).toList();
        return users.findByIds(userIds).flatMap(userList -> assignments.findByTokens(tokenIds).flatMap(assignmentList -> {
            Set<String> policyIds = new LinkedHashSet<>();
            assignmentList.stream().filter(a -> a.winPolicyId != null).forEach(a -> policyIds.add(a.winPolicyId));
            return policies.findByIds(policyIds)
                    .map(policyList -> assemble(tokens, userList, assignmentList, policyList, fullPolicies, now));
        }));
    }

    /**
     * The details of a token this transaction has just created, from what the creation already holds (its employee,
     * its assignments in order, the policies it locked): the same view {@link #full} reads back, without reading.
     */
    public WinEnrollmentTokenView fresh(WinEnrollmentToken token, MdmUser user, List<WinPolicyAssignment> assigned,
                                        List<WinPolicy> policyList, Instant now) {
        return assemble(List.of(token), List.of(user), assigned, policyList, true, now).get(0);
    }

    private List<WinEnrollmentTokenView> assemble(List<WinEnrollmentToken> tokens, List<MdmUser> userList,
                                                  List<WinPolicyAssignment> assignmentList, List<WinPolicy> policyList,
                                                  boolean fullPolicies, Instant now) {
        Map<String, MdmUser> usersById = userList.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
        Map<String, WinPolicy> policiesById = policyList.stream()
                .collect(Collectors.toMap(p -> p.id, Function.identity()));
        Map<String, List<WinPolicyAssignment>> byToken = new HashMap<>();
        assignmentList.forEach(a -> byToken.computeIfAbsent(a.tokenId, k -> new ArrayList<>()).add(a));
        List<WinEnrollmentTokenView> views = new ArrayList<>();
        for (WinEnrollmentToken token : tokens) {
            List<WinEnrollmentTokenView.Assignment> expanded = new ArrayList<>();
            for (WinPolicyAssignment a : byToken.getOrDefault(token.id, List.of())) {
                WinPolicy policy = a.winPolicyId == null ? null : policiesById.get(a.winPolicyId);
                Object winPolicy = policy == null ? null : fullPolicies ? policyJson.view(policy)
                        : new WinPolicyView.Summary(policy.id, policy.name);
                expanded.add(new WinEnrollmentTokenView.Assignment(a.winPolicyId, winPolicy, a.priority));
            }
            views.add(view(token, usersById.get(token.mdmUserId), expanded, now));
        }
        return views;
    }

    private WinEnrollmentTokenView view(WinEnrollmentToken token, MdmUser user,
                                        List<WinEnrollmentTokenView.Assignment> assignments, Instant now) {
        WinEnrollmentTokenView.MdmUserRef userRef = user == null ? null
                : new WinEnrollmentTokenView.MdmUserRef(user.id, user.email, user.name);
        return new WinEnrollmentTokenView(token.id, token.organizationId, token.winEnterpriseId, token.winDeviceId,
                userRef, token.displayName, json.strings(token.tags), token.stateAt(now), json.object(token.config),
                token.type, token.subType, token.createdAt, token.updatedAt, token.expireAt, token.enrollmentLink,
                token.enrollCode, token.winPolicyId, assignments,
                new WinEnrollmentTokenView.Summary(token.expireAt), token.sendEmail, token.emailText, token.segmentId,
                null);
    }

    String write(Object value) {
        return json.write(value);
    }
}
