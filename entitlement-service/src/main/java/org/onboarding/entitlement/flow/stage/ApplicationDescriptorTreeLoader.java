package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Entitle: the requested descriptors plus the dependencies they need that are not entitled yet. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDescriptorTreeLoader extends NamedStage implements Stage {

    private final org.onboarding.entitlement.flow.ApplicationDescriptorTreeLoader treeLoader;

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return treeLoader.load(ctx.tenantId(), ctx.request.applications()).invoke(loaded -> ctx.descriptors = loaded)
                .replaceWithVoid();
    }
}
