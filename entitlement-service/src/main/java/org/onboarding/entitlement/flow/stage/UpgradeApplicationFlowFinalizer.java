package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

/** Upgrade: the entitlement row moves to the new application id and the application flow finishes. */
@Singleton
@RequiredArgsConstructor
public class UpgradeApplicationFlowFinalizer extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        ApplicationDescriptor d = app.descriptor();
        return entitlements.replaceFinishing(app.id(), ctx.tenantId(), app.previous().id(), d.id(), d.name(), d.version())
                .invoke(app::requireRunning).replaceWithVoid();
    }
}
