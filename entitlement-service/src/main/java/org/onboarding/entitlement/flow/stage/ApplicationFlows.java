package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import org.onboarding.entitlement.flow.Graphs;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the queued application flows, each through the stages of its type: revokes first, dependents before their
 * dependencies; then entitles and upgrades together, dependency layer by layer; the applications of a layer run
 * concurrently. Not a stage row of its own: the application flows record theirs. With {@code ignoreErrors} an
 * application flow that fails is finalized as failed at once.
 */
public final class ApplicationFlows extends NamedStage implements Stage {

    private final StageRunner runner;
    private final Function<String, List<ApplicationStage>> stagesByType;
    private final ApplicationFlowFinalizer failed;

    ApplicationFlows(StageRunner runner, Function<String, List<ApplicationStage>> stagesByType, ApplicationFlowFinalizer failed) {
        this.runner = runner;
        this.stagesByType = stagesByType;
        this.failed = failed;
    }

    @Override
    public Uni<Boolean> run(StageRunner ignored, FlowContext ctx) {
        return execute(ctx).replaceWith(true);
    }

    @Override
    public Uni<Void> execute(FlowContext ctx) {
        List<List<ApplicationDescriptor>> revokeLayers = new ArrayList<>(Graphs.applicationLayers(ctx.revokes));
        Collections.reverse(revokeLayers);
        List<ApplicationDescriptor> forward = new ArrayList<>(ctx.descriptors);
        forward.addAll(ctx.upgrades);
        List<List<ApplicationDescriptor>> layers = new ArrayList<>(revokeLayers);
        layers.addAll(Graphs.applicationLayers(forward));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<ApplicationDescriptor> layer : layers) {
            chain = chain.chain(() -> StageRunner.parallel(layer.stream()
                    .map(d -> runApplication(ctx, ctx.appFlows.get(d.id()))).toList()));
        }
        return chain;
    }

    private Uni<Void> runApplication(FlowContext ctx, ApplicationFlowContext app) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApplicationStage stage : stagesByType.apply(app.type())) {
            chain = chain.chain(() -> stage.run(runner, ctx, app));
        }
        return chain.onFailure(e -> ctx.request.ignoreErrors()).call(e -> ctx.startedAppFlows.contains(app.id())
                ? failed.run(runner, ctx, app).onFailure().recoverWithNull()
                : Uni.createFrom().voidItem());
    }
}
