package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Records the application's declared dependencies; undone on rollback when this stage wrote them. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDependencySaver extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.saveDependencies(ctx.tenantId(), app.descriptor()).invoke(saved -> {
            if (saved) {
                ctx.rollbacks.push(new FlowContext.Rollback(app.id(), name(), app.id(),
                        () -> entitlements.deleteDependencies(ctx.tenantId(), app.descriptor().id())));
            }
        }).replaceWithVoid();
    }
}
