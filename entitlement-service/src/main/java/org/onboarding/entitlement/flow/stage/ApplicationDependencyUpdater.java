package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Upgrade: the replaced version's dependency rows give way to the new version's. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDependencyUpdater extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.deleteDependencies(ctx.tenantId(), app.previous().id())
                .chain(() -> entitlements.saveDependencies(ctx.tenantId(), app.descriptor())).replaceWithVoid();
    }
}
