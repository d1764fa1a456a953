package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Revoke: the entitlement row goes and the application flow finishes, only while it still runs. */
@Singleton
@RequiredArgsConstructor
public class RevokeApplicationFlowFinalizer extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.revokeFinishing(app.id(), ctx.tenantId(), app.descriptor().id())
                .invoke(app::requireRunning).replaceWithVoid();
    }
}
