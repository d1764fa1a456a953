package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Entitle: the requested descriptors plus the dependencies they need that are not entitled yet. */
@Singleton
public class ApplicationDescriptorTreeLoader extends NamedStage implements Stage {

    public static final String NAME = "ApplicationDescriptorTreeLoader";

    private final org.onboarding.entitlement.flow.ApplicationDescriptorTreeLoader treeLoader;

    public ApplicationDescriptorTreeLoader(org.onboarding.entitlement.flow.ApplicationDescriptorTreeLoader treeLoader) {
        super(NAME);
        this.treeLoader = treeLoader;
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        return treeLoader.load(ctx.tenantId(), ctx.request.applications()).invoke(loaded -> ctx.descriptors = loaded)
                .replaceWithVoid();
    }
}
