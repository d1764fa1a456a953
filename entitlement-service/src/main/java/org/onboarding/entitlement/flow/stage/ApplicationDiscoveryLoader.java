package org.onboarding.entitlement.flow.stage;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptor;
import org.onboarding.entitlement.registry.ApplicationRegistry;

import java.util.List;

/** Every module of the application needs a location; the module stages call it there. */
@Singleton
@RequiredArgsConstructor
public class ApplicationDiscoveryLoader extends NamedStage implements SingleApplicationStage {

    private final ApplicationRegistry registry;

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        ApplicationDescriptor d = app.descriptor();
        List<String> moduleIds = d.modules().stream().map(ApplicationDescriptor.ModuleRef::id).toList();
        return registry.discoveries(moduleIds).invoke(found -> {
            found.forEach(f -> app.locations().put(f.id(), f.location()));
            List<String> missing = moduleIds.stream().filter(m -> !app.locations().containsKey(m)).toList();
            if (!missing.isEmpty()) {
                throw ApiException.requestValidation("Application discovery information is not defined for " + missing,
                        List.of(ApiException.param("application", d.id())));
            }
        }).replaceWithVoid();
    }
}
