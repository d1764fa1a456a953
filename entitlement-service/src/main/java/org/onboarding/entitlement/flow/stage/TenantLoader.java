package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.tenant.TenantRegistry;

/** Loads the tenant: modules know it by its name ({@code x-okapi-tenant}). */
@Singleton
@RequiredArgsConstructor
public class TenantLoader extends NamedStage implements Stage {

    private final TenantRegistry tenants;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return tenants.get(ctx.tenantId()).invoke(t -> ctx.tenantName = t.name()).replaceWithVoid();
    }
}
