package org.onboarding.entitlement.security;

import lombok.Getter;
import lombok.RequiredArgsConstructor;
import jakarta.enterprise.context.RequestScoped;
import org.onboarding.entitlement.common.ApiException;

import java.util.Set;

/** The verified caller of the current request: roles ({@code groups}), tenant names ({@code tenants}) and the token. */
@RequestScoped
@RequiredArgsConstructor
public class Caller {

    private final org.onboarding.entitlement.tenant.TenantRegistry registry;
    @Getter
    private String token;
    private Set<String> roles = Set.of();
    @Getter
    private Set<String> tenants = Set.of();

    void set(String token, Set<String> roles, Set<String> tenants) {
        this.token = token;
        this.roles = roles;
        this.tenants = tenants;
    }

    public void requireAdmin() {
        if (!roles.contains("admin")) {
            throw ApiException.forbidden("Access Denied: admin role is required");
        }
    }

    /** Entitle, upgrade, revoke: operators and admins. */
    public void requireOperator() {
        if (!roles.contains("admin") && !roles.contains("operator")) {
            throw ApiException.forbidden("Access Denied: operator or admin role is required");
        }
    }

    public void requireReader() {
        if (!roles.contains("admin") && !roles.contains("operator") && !roles.contains("viewer")) {
            throw ApiException.forbidden("Access Denied: a platform role is required");
        }
    }

    public boolean mayActOn(String tenantName) {
        return tenants.contains("*") || tenants.contains(tenantName);
    }

    public boolean allTenants() {
        return tenants.contains("*");
    }

    /** The tenant names a read is limited to, or {@code null} when the caller sees every tenant ({@code *}). */
    public Set<String> visibleTenants() {
        return allTenants() ? null : tenants;
    }

    /**
     * Registry-wide changes (creating or deleting tenants and applications, module discovery) need an unscoped admin:
     * a caller limited to some tenants must not change what other tenants rely on.
     */
    public void requireUnscopedAdmin() {
        requireAdmin();
        if (!allTenants()) {
            throw ApiException.forbidden("Access Denied: all-tenant access is required");
        }
    }

    public void requireTenant(String tenantName) {
        if (!mayActOn(tenantName)) {
            throw ApiException.forbidden("Access Denied: tenant is not allowed for the caller: " + tenantName);
        }
    }

    /** A caller limited by its {@code tenants} claim may only act on those tenants (unknown tenants fail later). */
    public io.smallrye.mutiny.Uni<Void> checkTenantScope(java.util.UUID tenantId) {
        if (allTenants()) {
            return io.smallrye.mutiny.Uni.createFrom().voidItem();
        }
        return registry.get(tenantId).onFailure(f -> org.onboarding.entitlement.common.ApiException.is(f, org.onboarding.entitlement.common.ApiException.Kind.NOT_FOUND)).recoverWithNull()
                .invoke(t -> {
                    if (t == null || !mayActOn(t.name())) {
                        throw ApiException.forbidden("Access Denied: tenant is not allowed for the caller: " + tenantId);
                    }
                }).replaceWithVoid();
    }
}
