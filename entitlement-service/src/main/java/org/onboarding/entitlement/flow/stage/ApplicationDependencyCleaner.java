package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/**
 * Revoke: the application's dependency rows go. Rolled back (a revoke inside a state flow with ignoreErrors=false)
 * by saving them again.
 */
@Singleton
public class ApplicationDependencyCleaner extends NamedStage implements SingleApplicationStage {

    public static final String NAME = "ApplicationDependencyCleaner";

    private final EntitlementStore entitlements;

    public ApplicationDependencyCleaner(EntitlementStore entitlements) {
        super(NAME);
        this.entitlements = entitlements;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.deleteDependencies(ctx.tenantId(), app.descriptor().id())
                .invoke(() -> ctx.rollbacks.push(new FlowContext.Rollback(app.id(), NAME, app.id(),
                        () -> entitlements.saveDependencies(ctx.tenantId(), app.descriptor()).replaceWithVoid())));
    }
}
