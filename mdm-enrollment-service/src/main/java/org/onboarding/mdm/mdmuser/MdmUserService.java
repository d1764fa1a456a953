package org.onboarding.mdm.mdmuser;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.organization.OrganizationScope;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

@ApplicationScoped
public class MdmUserService {

    public static final Map<String, String> SORTABLE = Map.of(
            "createdAt", "createdAt", "updatedAt", "updatedAt", "email", "email", "displayName", "displayName");

    private final MdmUserRepository users;
    private final OrganizationScope scope;
    private final Clock clock;

    public MdmUserService(MdmUserRepository users, OrganizationScope scope, Clock clock) {
        this.users = users;
        this.scope = scope;
        this.clock = clock;
    }

    public Uni<MdmUserView> create(Caller caller, String organization, MdmUserView.CreateMdmUser request) {
        caller.require(Permission.MDM_USER_CREATE);
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        return Panache.withTransaction(() -> scope.resolve(caller, organization)
                .flatMap(org -> users.insertIfAbsent(org.id, request.email(), request.displayName(), now)
                        .flatMap(inserted -> {
                            if (!inserted) {
                                throw ApiException.conflict("MDM user email already exists");
                            }
                            return users.findByEmail(org.id, request.email());
                        })))
                .map(MdmUserView::of);
    }

    @WithSession
    public Uni<MdmUserView> get(Caller caller, String organization, String id) {
        caller.require(Permission.MDM_USER_GET);
        return scope.resolve(caller, organization)
                .flatMap(org -> users.findInOrganization(org.id, id))
                .map(user -> {
                    if (user == null) {
                        throw ApiException.notFound();
                    }
                    return MdmUserView.of(user);
                });
    }

    @WithSession
    public Uni<Paginated<MdmUserView>> list(Caller caller, String organization, PageQuery page) {
        caller.require(Permission.MDM_USER_LIST);
        return scope.resolve(caller, organization).flatMap(org -> {
            String from = "from MdmUser u where u.organizationId = :org";
            Map<String, Object> params = Map.of("org", org.id);
            return users.count(from, params).flatMap(total -> users.find(from + page.sort().orderBy("u"), params)
                    .range(page.offset(), page.offset() + page.limit() - 1).list()
                    .map(list -> Paginated.of(list.stream().map(MdmUserView::of).toList(), total, page)));
        });
    }
}
