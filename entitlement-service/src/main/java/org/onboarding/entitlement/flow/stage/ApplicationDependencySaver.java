package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;

/** Records the application's declared dependencies; undone on rollback when this stage wrote them. */
@Singleton
public class ApplicationDependencySaver extends NamedStage implements SingleApplicationStage {

    public static final String NAME = "ApplicationDependencySaver";

    private final EntitlementStore entitlements;

    public ApplicationDependencySaver(EntitlementStore entitlements) {
        super(NAME);
        this.entitlements = entitlements;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return entitlements.saveDependencies(ctx.tenantId(), app.descriptor()).invoke(saved -> {
            if (saved) {
                ctx.rollbacks.push(new FlowContext.Rollback(app.id(), NAME, app.id(),
                        () -> entitlements.deleteDependencies(ctx.tenantId(), app.descriptor().id())));
            }
        }).replaceWithVoid();
    }
}
