package org.onboarding.entitlement.flow.stage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.StageContext;
import org.onboarding.entitlement.registry.ApplicationDescriptorChecks;

import java.util.List;

/** The registry's validation of the descriptor; the first problem is reported as upstream reports it. */
@Singleton
public class ApplicationDescriptorValidator extends NamedStage implements SingleApplicationStage {

    @Override
    public Uni<Void> execute(FlowContext ctx, ApplicationFlowContext app, StageContext st) {
        return Uni.createFrom().voidItem().invoke(() -> {
            List<String> errors = ApplicationDescriptorChecks.errors(app.descriptor());
            if (!errors.isEmpty()) {
                throw ApiException.requestValidation("Invalid application descriptor. Details: " + errors.get(0),
                        List.of(ApiException.param("application", app.descriptor().id())));
            }
        });
    }
}
