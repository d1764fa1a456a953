package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Revoke: the requested descriptors; upgrade: the new descriptors and the entitled ones they replace. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDescriptorLoader extends NamedStage implements Stage {

    private final ApplicationDescriptors descriptors;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        if ("UPGRADE".equals(ctx.request.type())) {
            return descriptors.loadUpgrades(ctx);
        }
        return descriptors.load(ctx.request.applications())
                .invoke(found -> ctx.revokes = ApplicationDescriptors.inRequestOrder(found, ctx.request.applications()))
                .replaceWithVoid();
    }
}
