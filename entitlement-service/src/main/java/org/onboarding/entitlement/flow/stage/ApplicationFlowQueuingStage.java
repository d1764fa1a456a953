package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One queued application flow per planned application (revokes, entitles, upgrades). The partial unique index
 * refuses a concurrent twin; a revoke or upgrade is only queued while its entitlement still exists.
 */
@Singleton
@RequiredArgsConstructor
public class ApplicationFlowQueuingStage extends NamedStage implements Stage {

    private final FlowStore flows;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        List<ApplicationFlowContext> planned = new ArrayList<>();
        ctx.revokes.forEach(d -> planned.add(new ApplicationFlowContext(UUID.randomUUID(), "REVOKE", d, null)));
        ctx.descriptors.forEach(d -> planned.add(new ApplicationFlowContext(UUID.randomUUID(), "ENTITLE", d, null)));
        ctx.upgrades.forEach(d -> planned.add(new ApplicationFlowContext(UUID.randomUUID(), "UPGRADE", d,
                ctx.previous.get(ctx.upgradePairs.get(d.id())))));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApplicationFlowContext app : planned) {
            ctx.appFlows.put(app.descriptor().id(), app);
            chain = chain.chain(() -> queue(ctx, app));
        }
        return chain;
    }

    private Uni<Void> queue(FlowContext ctx, ApplicationFlowContext app) {
        ApplicationDescriptor d = app.descriptor();
        String type = app.type();
        String entitledId = switch (type) {
            case "REVOKE" -> d.id();
            case "UPGRADE" -> app.previous().id();
            default -> null;
        };
        String capitalized = type.charAt(0) + type.substring(1).toLowerCase();
        String message = ctx.validationMessage();
        return flows.insertApplicationFlow(app.id(), ctx.flowId(), ctx.tenantId(), d.id(), d.name(), d.version(), type, entitledId)
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? ApiException.requestValidation(message, List.of(ApiException.param(d.id(), capitalized + " flow is in progress"))) : e)
                .invoke(queued -> {
                    if (!queued) {   // a concurrent flow revoked or upgraded it since validation
                        throw ApiException.requestValidation(message, List.of(ApiException.param(d.id(), capitalized + " flow finished")));
                    }
                    ctx.queuedAppFlows.add(app.id());
                }).replaceWithVoid();
    }
}
