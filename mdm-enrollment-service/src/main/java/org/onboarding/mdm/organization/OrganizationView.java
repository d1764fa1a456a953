package org.onboarding.mdm.organization;

import java.time.Instant;

/** An organisation as the admin surface shows it. */
public record OrganizationView(String id, String slug, String name, PlanView plan, String winEnterpriseId,
                               WinAuthPolicy winAuthPolicy, Instant createdAt, Instant updatedAt) {

    public record PlanView(boolean windowsMdm, int enrollmentTokenQuota) {
    }

    public static OrganizationView of(Organization org) {
        return new OrganizationView(org.id, org.slug, org.name,
                new PlanView(org.windowsMdmAllowed, org.enrollmentTokenQuota), org.winEnterpriseId,
                org.winAuthPolicy, org.createdAt, org.updatedAt);
    }
}
