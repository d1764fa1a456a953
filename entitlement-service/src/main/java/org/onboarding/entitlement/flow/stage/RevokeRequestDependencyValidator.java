package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Revoke: no entitled application of the tenant still depends on this one. */
@Singleton
public class RevokeRequestDependencyValidator extends NamedStage implements SingleApplicationStage {

    public static final String NAME = "RevokeRequestDependencyValidator";

    private final EntitlementStore entitlements;

    public RevokeRequestDependencyValidator(EntitlementStore entitlements) {
        super(NAME);
        this.entitlements = entitlements;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.entitledDependents(ctx.tenantId(), app.descriptor().name()).invoke(dependents -> {
            if (!dependents.isEmpty()) {
                throw ApiException.requestValidation("The following applications must be uninstalled first: " + dependents, null);
            }
        }).replaceWithVoid();
    }
}
