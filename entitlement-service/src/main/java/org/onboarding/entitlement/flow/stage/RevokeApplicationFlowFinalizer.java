package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Revoke: the entitlement row goes and the application flow finishes, only while it still runs. */
@Singleton
public class RevokeApplicationFlowFinalizer extends NamedStage implements SingleApplicationStage {

    public static final String NAME = "RevokeApplicationFlowFinalizer";

    private final EntitlementStore entitlements;

    public RevokeApplicationFlowFinalizer(EntitlementStore entitlements) {
        super(NAME);
        this.entitlements = entitlements;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.revokeFinishing(app.id(), ctx.tenantId(), app.descriptor().id())
                .invoke(app::requireRunning).replaceWithVoid();
    }
}
