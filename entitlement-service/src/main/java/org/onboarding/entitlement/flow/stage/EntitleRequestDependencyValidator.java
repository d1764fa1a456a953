package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.Semver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last application flow of each declared dependency (by name) is a finished entitle or upgrade whose version
 * satisfies the declared version or range.
 */
@Singleton
@RequiredArgsConstructor
public class EntitleRequestDependencyValidator extends NamedStage implements SingleApplicationStage {

    private final FlowStore flows;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        ApplicationDescriptor d = app.descriptor();
        if (d.dependencies().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> names = d.dependencies().stream().map(ApplicationDescriptor.Dependency::name).distinct().toList();
        return flows.lastFlowsByName(ctx.tenantId(), names).invoke(last -> {
            List<String> missing = missing(d, last);
            if (!missing.isEmpty()) {
                throw ApiException.requestValidation("The following application dependencies must be installed first: "
                        + String.join(", ", missing));
            }
        }).replaceWithVoid();
    }

    /** The declared dependencies ({@code name version}) the tenant's last flows do not satisfy. */
    static List<String> missing(ApplicationDescriptor d, List<FlowStore.LastFlow> last) {
        Map<String, FlowStore.LastFlow> byName = new HashMap<>();
        last.forEach(f -> byName.put(f.name(), f));
        List<String> missing = new ArrayList<>();
        for (ApplicationDescriptor.Dependency dep : d.dependencies()) {
            FlowStore.LastFlow f = byName.get(dep.name());
            boolean installed = f != null && "FINISHED".equals(f.status()) && !"REVOKE".equals(f.type())
                    && Semver.satisfies(Semver.parseId(f.applicationId()).version(), dep.version());
            if (!installed) {
                missing.add(dep.name() + " " + dep.version());
            }
        }
        return missing;
    }
}
