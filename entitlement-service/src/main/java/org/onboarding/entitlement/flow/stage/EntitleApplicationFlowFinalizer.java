package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.List;

/**
 * Entitle: the entitlement row and the finished application flow, in one step that only succeeds while the
 * application flow still runs; the unique index turns a concurrent twin into a validation error. Rolled back by
 * deleting the entitlement.
 */
@Singleton
@RequiredArgsConstructor
public class EntitleApplicationFlowFinalizer extends NamedStage implements SingleApplicationStage {

    private final EntitlementStore entitlements;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        ApplicationDescriptor d = app.descriptor();
        return entitlements.insertFinishing(app.id(), ctx.tenantId(), d.id(), d.name(), d.version())
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? ApiException.requestValidation(FlowContext.ENTITLEMENT_REQUEST_ERRORS,
                        List.of(ApiException.param(d.id(), "Entitle flow finished"))) : e)
                .invoke(app::requireRunning)
                .invoke(() -> ctx.rollbacks.push(new FlowContext.Rollback(app.id(), name(), app.id(),
                        () -> entitlements.delete(ctx.tenantId(), d.id()))))
                .replaceWithVoid();
    }
}
