package org.onboarding.mdm.security;

import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.organization.Organization;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Who is calling: the permissions of its roles and the organisations ({@code orgs} claim, {@code *} = all) it may touch. */
public record Caller(String subject, Set<Permission> permissions, Set<String> orgs) {

    public static Caller of(String subject, Set<String> roles, Set<String> orgs) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        roles.forEach(role -> permissions.addAll(Permission.grantedTo(role)));
        Set<String> normalized = new java.util.HashSet<>();
        orgs.forEach(org -> normalized.add(org.toLowerCase(Locale.ROOT)));
        return new Caller(subject, permissions, Set.copyOf(normalized));
    }

    public void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw new ApiException(ErrorCode.FORBIDDEN);
        }
    }

    /** An organisation outside the claim is reported as not found, so callers cannot probe other organisations. */
    public boolean canSee(Organization organization) {
        return orgs.contains("*")
                || orgs.contains(organization.id.toLowerCase(Locale.ROOT))
                || orgs.contains(organization.slug.toLowerCase(Locale.ROOT));
    }

    public boolean seesAllOrganizations() {
        return orgs.contains("*");
    }
}
