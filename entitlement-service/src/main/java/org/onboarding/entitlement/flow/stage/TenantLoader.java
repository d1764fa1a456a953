package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.tenant.TenantRegistry;

/** Loads the tenant: modules know it by its name ({@code x-okapi-tenant}). */
@Singleton
public class TenantLoader extends NamedStage implements Stage {

    public static final String NAME = "TenantLoader";

    private final TenantRegistry tenants;

    public TenantLoader(TenantRegistry tenants) {
        super(NAME);
        this.tenants = tenants;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return tenants.get(ctx.tenantId()).invoke(t -> ctx.tenantName = t.name()).replaceWithVoid();
    }
}
