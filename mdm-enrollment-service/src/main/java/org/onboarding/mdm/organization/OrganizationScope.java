package org.onboarding.mdm.organization;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;

import java.time.Clock;

/**
 * Resolves the {@code :organizationId} of a path (id or slug) for a caller: unknown and out-of-scope organisations are
 * the same 3001, so a caller cannot tell which organisations exist. Must run inside a session.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class OrganizationScope {

    private final OrganizationRepository organizations;
    private final Clock clock;

    public Uni<Organization> resolve(Caller caller, String idOrSlug) {
        return organizations.findByIdOrSlug(idOrSlug)
                .map(org -> {
                    if (org == null || !caller.canSee(org)) {
                        throw ApiException.notFound();
                    }
                    return org;
                });
    }

    /**
     * Resolves, refuses organisations whose plan lacks Windows MDM (5050), then re-reads the row {@code FOR UPDATE}:
     * creations for one organisation are serialised, which is what makes the quota check exact.
     */
    public Uni<Organization> lockForWindowsMdm(Caller caller, String idOrSlug) {
        return resolve(caller, idOrSlug)
                .call(org -> Panache.getSession().flatMap(session -> session.refresh(org, LockModeType.PESSIMISTIC_WRITE)))
                .map(org -> {
                    requireWindowsMdm(org);
                    if (org.winEnterpriseId == null) {
                        // the Windows enterprise is created on first use, under the row lock
                        org.winEnterpriseId = ObjectIds.next();
                        org.updatedAt = Stored.now(clock);
                    }
                    return org;
                });
    }

    public static void requireWindowsMdm(Organization org) {
        if (!org.windowsMdmAllowed) {
            throw new ApiException(ErrorCode.FEATURE_NOT_ALLOWED);
        }
    }
}
