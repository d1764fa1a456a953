package org.onboarding.mdm.organization;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.persistence.Constraints;
import org.onboarding.mdm.persistence.ListCounts;
import org.onboarding.mdm.persistence.ListQuery;
import org.onboarding.mdm.persistence.Pages;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.util.List;
import java.util.Map;

@ApplicationScoped
@RequiredArgsConstructor
public class OrganizationService {

    /** Every scalar field of the organisation object. */
    public static final Map<String, String> SORTABLE = PageQuery.sortable("o",
            List.of("name", "slug", "winEnterpriseId"), Map.of("plan.windowsMdm", "o.windowsMdmAllowed",
                    "plan.enrollmentTokenQuota", "o.enrollmentTokenQuota"));
    static final int DEFAULT_QUOTA = 100;

    private final OrganizationRepository organizations;
    private final OrganizationScope scope;
    private final Clock clock;

    public Uni<OrganizationView> create(Caller caller, OrganizationRequests.CreateOrganization request) {
        caller.require(Permission.ORGANIZATION_CREATE);
        if (ObjectIds.isValid(request.slug())) {
            // a 24-hex slug would be read as an id by the path resolution (README, Endpoints)
            throw ApiException.invalid("slug", "\"slug\" must not look like a 24-hex id");
        }
        Organization org = new Organization();
        org.id = ObjectIds.next();
        org.slug = request.slug();
        org.name = request.name();
        OrganizationRequests.Plan plan = request.plan();
        org.windowsMdmAllowed = plan == null || plan.windowsMdm() == null || plan.windowsMdm();
        org.enrollmentTokenQuota = plan == null || plan.enrollmentTokenQuota() == null
                ? DEFAULT_QUOTA : plan.enrollmentTokenQuota();
        org.winAuthPolicy = request.winAuthPolicy() == null ? WinAuthPolicy.Federated : request.winAuthPolicy();
        org.createdAt = Stored.now(clock);
        org.updatedAt = org.createdAt;
        return Panache.withTransaction(() -> organizations.persistAndFlush(org))
                .onFailure(e -> Constraints.violated(e, "organization_slug_uq"))
                .transform(e -> ApiException.conflict("Organization slug already exists"))
                .map(OrganizationView::of);
    }

    @WithSession
    public Uni<OrganizationView> get(Caller caller, String idOrSlug) {
        caller.require(Permission.ORGANIZATION_GET);
        return scope.resolve(caller, idOrSlug).map(OrganizationView::of);
    }

    @WithSession
    public Uni<Paginated<OrganizationView>> list(Caller caller, PageQuery page) {
        caller.require(Permission.ORGANIZATION_LIST);
        ListQuery query = ListQuery.from("Organization", "o")
                .countedBy(() -> ListCounts.all("organization", ListCounts.ALL_ORGANIZATIONS));
        if (!caller.seesAllOrganizations()) {
            // ids are stored in lower case and the claim is lower-cased: the primary key and the slug index serve it
            query.filter("(o.id in :orgs or lower(o.slug) in :orgs)", "orgs", List.copyOf(caller.orgs()));
        }
        return Pages.map(organizations, query, page, OrganizationView::of);
    }
}
