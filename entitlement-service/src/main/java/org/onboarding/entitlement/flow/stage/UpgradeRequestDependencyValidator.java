package org.onboarding.entitlement.flow.stage;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Typed;
import org.onboarding.entitlement.flow.FlowStore;

/**
 * Upgrade: the new version's declared dependencies are installed in versions it accepts, checked as for an entitle
 * (upstream leaves this stage empty; an upgrade that needs a dependency the tenant lacks would break the tenant).
 */
@Singleton
@Typed(UpgradeRequestDependencyValidator.class)   // not a second EntitleRequestDependencyValidator bean
public class UpgradeRequestDependencyValidator extends EntitleRequestDependencyValidator {

    public UpgradeRequestDependencyValidator(FlowStore flows) {
        super(flows);
    }
}
