package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/**
 * Revoke: the application's dependency rows go. Rolled back (a revoke inside a state flow with ignoreErrors=false)
 * by saving them again.
 */
@Singleton
@RequiredArgsConstructor
public class ApplicationDependencyCleaner extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.deleteDependencies(ctx.tenantId(), app.descriptor().id())
                .invoke(() -> ctx.rollbacks.push(new FlowContext.Rollback(app.id(), name(), app.id(),
                        () -> entitlements.saveDependencies(ctx.tenantId(), app.descriptor()).replaceWithVoid())));
    }
}
