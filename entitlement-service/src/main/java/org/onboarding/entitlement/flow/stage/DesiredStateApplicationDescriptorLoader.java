package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

import static org.onboarding.entitlement.flow.stage.ApplicationDescriptors.inRequestOrder;

/** Desired state: descriptors to entitle, to upgrade (with those they replace), to revoke, and the desired set. */
@Singleton
@RequiredArgsConstructor
public class DesiredStateApplicationDescriptorLoader extends NamedStage implements Stage {

    private final ApplicationDescriptors descriptors;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        List<String> wanted = new ArrayList<>(ctx.request.applications());
        wanted.addAll(ctx.plan.revoke());
        return descriptors.loadUpgrades(ctx).chain(() -> wanted.isEmpty() ? Uni.createFrom().voidItem()
                : descriptors.load(wanted).invoke(found -> {
            ctx.descriptors = inRequestOrder(found, ctx.plan.entitle());
            ctx.revokes = inRequestOrder(found, ctx.plan.revoke());
            ctx.desired = inRequestOrder(found, ctx.request.applications());
        }).replaceWithVoid());
    }
}
