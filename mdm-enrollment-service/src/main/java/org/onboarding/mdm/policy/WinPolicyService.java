package org.onboarding.mdm.policy;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.enrollment.WinEnrollmentTokenRepository;
import org.onboarding.mdm.organization.Organization;
import org.onboarding.mdm.organization.OrganizationScope;
import org.onboarding.mdm.persistence.ListCounts;
import org.onboarding.mdm.persistence.ListQuery;
import org.onboarding.mdm.persistence.Pages;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@ApplicationScoped
@RequiredArgsConstructor
public class WinPolicyService {

    /** Every scalar field of the policy object. */
    public static final Map<String, String> SORTABLE = PageQuery.sortable("p",
            List.of("organizationId", "winEnterpriseId", "name", "version"), Map.of());

    private final WinPolicyRepository policies;
    private final WinEnrollmentTokenRepository tokens;
    private final OrganizationScope scope;
    private final WinPolicyJson json;
    private final Clock clock;

    public Uni<WinPolicyView> create(Caller caller, String organization, WinPolicyRequests.CreateWinPolicy request) {
        caller.require(Permission.POLICY_CREATE);
        return Panache.withTransaction(() -> scope.lockForWindowsMdm(caller, organization).flatMap(org -> {
            WinPolicy policy = new WinPolicy();
            policy.id = ObjectIds.next();
            policy.organizationId = org.id;
            policy.winEnterpriseId = org.winEnterpriseId;
            policy.name = request.name();
            policy.version = 1;
            policy.config = json.write(orEmpty(request.config()));
            policy.applications = json.write(orEmpty(request.applications()));
            policy.scripts = json.write(orEmpty(request.scripts()));
            policy.admxConfigs = json.write(orEmpty(request.admxConfigs()));
            policy.assets = json.write(orEmpty(request.assets()));
            policy.agentConfiguration = request.agentConfiguration() == null ? null
                    : json.write(request.agentConfiguration());
            policy.createdAt = now();
            policy.updatedAt = policy.createdAt;
            return policies.persist(policy);
        })).map(json::view);
    }

    @WithSession
    public Uni<WinPolicyView> get(Caller caller, String organization, String id) {
        caller.require(Permission.POLICY_GET);
        return scope.resolve(caller, organization)
                .flatMap(org -> policies.findLive(org.id, id, LockModeType.NONE))
                .map(policy -> json.view(ApiException.orNotFound(policy)));
    }

    @WithSession
    public Uni<Paginated<WinPolicyView>> list(Caller caller, String organization, PageQuery page) {
        caller.require(Permission.POLICY_LIST);
        return scope.resolve(caller, organization).flatMap(org -> Pages.map(policies,
                ListQuery.from("WinPolicy", "p").where("p.organizationId = :org", "org", org.id)
                        .where("p.deletedAt is null").countedBy(() -> ListCounts.all("win_policy", org.id)),
                page, json::view));
    }

    public Uni<WinPolicyView> update(Caller caller, String organization, String id,
                                     WinPolicyRequests.UpdateWinPolicy request) {
        caller.require(Permission.POLICY_UPDATE);
        return Panache.withTransaction(() -> resolveWindows(caller, organization)
                .flatMap(org -> policies.findLive(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                .map(found -> {
                    WinPolicy policy = ApiException.orNotFound(found);
                    if (request.name() != null) {
                        policy.name = request.name();
                    }
                    policy.config = replaced(policy.config, request.config());
                    policy.applications = replaced(policy.applications, request.applications());
                    policy.scripts = replaced(policy.scripts, request.scripts());
                    policy.admxConfigs = replaced(policy.admxConfigs, request.admxConfigs());
                    policy.assets = replaced(policy.assets, request.assets());
                    policy.agentConfiguration = replaced(policy.agentConfiguration, request.agentConfiguration());
                    // the row is locked FOR UPDATE, so concurrent updates each get their own version
                    policy.version = policy.version + 1;
                    policy.updatedAt = now();
                    return policy;
                })).map(json::view);
    }

    /** Refused (5001/409) while a live token uses the policy; the FOR UPDATE lock waits for in-flight assignments. */
    public Uni<WinPolicyView> delete(Caller caller, String organization, String id) {
        caller.require(Permission.POLICY_REMOVE);
        return Panache.withTransaction(() -> resolveWindows(caller, organization)
                .flatMap(org -> policies.findLive(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                .flatMap(found -> {
                    WinPolicy policy = ApiException.orNotFound(found);
                    return tokens.countLiveUsing(policy.id, Instant.now(clock)).map(users -> {
                        if (users > 0) {
                            throw ApiException.conflict("Policy is used by " + users + " live enrollment token(s)");
                        }
                        policy.deletedAt = now();
                        policy.updatedAt = policy.deletedAt;
                        return policy;
                    });
                })).map(json::view);
    }

    /** A partial update's rule for a JSON column: a field left out keeps the stored value. */
    private String replaced(String stored, Object given) {
        return given == null ? stored : json.write(given);
    }

    private Uni<Organization> resolveWindows(Caller caller, String organization) {
        return scope.resolve(caller, organization).invoke(OrganizationScope::requireWindowsMdm);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }

    private Instant now() {
        return Stored.now(clock);
    }
}
