package org.onboarding.entitlement.flow.stage;

import jakarta.inject.Singleton;
import org.onboarding.entitlement.flow.FlowStore;

import java.util.List;

/**
 * The flows, assembled from their stages in order: one list per flow type and one per application flow type.
 * Each stage is recorded under its name. When a stage fails the engine ends the flow with the failure finalizers
 * below (ignoreErrors) or rolls finished work back first.
 */
@Singleton
public class FlowFactory {

    private final List<Stage> entitle;
    private final List<Stage> revoke;
    private final List<Stage> upgrade;
    private final List<Stage> state;
    private final List<ApplicationStage> entitleApplication;
    private final List<ApplicationStage> revokeApplication;
    private final List<ApplicationStage> upgradeApplication;
    private final FlowStore flows;

    @SuppressWarnings("java:S107")   // one parameter per stage bean, as the flows list them
    public FlowFactory(StageRunner runner, FlowStore flows, FlowInitializer flowInitializer, TenantLoader tenantLoader,
                       ApplicationFlowValidator applicationFlowValidator, ExistingEntitlementValidator existingEntitlementValidator,
                       UpgradeRequestValidator upgradeRequestValidator, ApplicationDescriptorTreeLoader treeLoader,
                       ApplicationDescriptorLoader descriptorLoader, InterfaceIntegrityValidator interfaceIntegrityValidator,
                       ApplicationFlowQueuingStage queuing, ApplicationStateTransitionPlanner planner,
                       DesiredStateApplicationDescriptorLoader desiredStateLoader,
                       DesiredStateApplicationFlowValidator desiredStateFlowValidator,
                       DesiredStateWithUpgradeValidator desiredStateWithUpgradeValidator,
                       DesiredStateWithRevokeValidator desiredStateWithRevokeValidator,
                       DesiredStateApplicationFlowQueuingStage desiredStateQueuing,
                       ApplicationFlowInitializer applicationFlowInitializer, ApplicationDescriptorValidator descriptorValidator,
                       ApplicationDependencySaver dependencySaver, EntitleRequestDependencyValidator entitleDependencyValidator,
                       ApplicationDiscoveryLoader discoveryLoader, FolioModuleInstaller moduleInstaller,
                       EntitleApplicationFlowFinalizer entitleFinalizer, RevokeRequestDependencyValidator revokeDependencyValidator,
                       FolioModuleUninstaller moduleUninstaller, ApplicationDependencyCleaner dependencyCleaner,
                       RevokeApplicationFlowFinalizer revokeFinalizer, UpgradeRequestDependencyValidator upgradeDependencyValidator,
                       FolioModuleUpdater moduleUpdater, ApplicationDependencyUpdater dependencyUpdater,
                       UpgradeApplicationFlowFinalizer upgradeFinalizer) {
        this.flows = flows;
        Stage applicationFlows = new ApplicationFlows(runner, this::applicationStages, applicationFlowFinalizer("FAILED"));
        Stage finished = flowFinalizer("FINISHED");

        entitle = List.of(flowInitializer, applicationFlowValidator, tenantLoader, treeLoader, interfaceIntegrityValidator,
                queuing, applicationFlows, finished);
        revoke = List.of(flowInitializer, existingEntitlementValidator, applicationFlowValidator, tenantLoader, descriptorLoader,
                queuing, applicationFlows, finished);
        upgrade = List.of(flowInitializer, upgradeRequestValidator, applicationFlowValidator, tenantLoader, descriptorLoader,
                interfaceIntegrityValidator, queuing, applicationFlows, finished);
        state = List.of(flowInitializer, tenantLoader, planner, desiredStateLoader, interfaceIntegrityValidator,
                desiredStateFlowValidator, desiredStateWithUpgradeValidator, desiredStateWithRevokeValidator, desiredStateQueuing,
                applicationFlows, finished);

        entitleApplication = List.of(applicationFlowInitializer, descriptorValidator, dependencySaver, entitleDependencyValidator,
                discoveryLoader, moduleInstaller, entitleFinalizer);
        revokeApplication = List.of(applicationFlowInitializer, revokeDependencyValidator, discoveryLoader, moduleUninstaller,
                dependencyCleaner, revokeFinalizer);
        upgradeApplication = List.of(applicationFlowInitializer, upgradeDependencyValidator, discoveryLoader, moduleUpdater,
                dependencyUpdater, upgradeFinalizer);
    }

    /** The stages of a flow of this type (ENTITLE, REVOKE, UPGRADE, STATE). */
    public List<Stage> stages(String flowType) {
        return switch (flowType) {
            case "REVOKE" -> revoke;
            case "UPGRADE" -> upgrade;
            case "STATE" -> state;
            default -> entitle;
        };
    }

    /** The stages of an application flow of this type (ENTITLE, REVOKE, UPGRADE). */
    public List<ApplicationStage> applicationStages(String applicationFlowType) {
        return switch (applicationFlowType) {
            case "REVOKE" -> revokeApplication;
            case "UPGRADE" -> upgradeApplication;
            default -> entitleApplication;
        };
    }

    /** The finalizer recording a flow's final status (FINISHED, FAILED, CANCELLED, CANCELLATION_FAILED). */
    public FlowFinalizer flowFinalizer(String status) {
        return new FlowFinalizer(switch (status) {
            case "FINISHED" -> FlowFinalizer.FINISHED;
            case "CANCELLED" -> FlowFinalizer.CANCELLED;
            case "CANCELLATION_FAILED" -> FlowFinalizer.CANCELLATION_FAILED;
            default -> FlowFinalizer.FAILED;
        }, status, flows);
    }

    /** The finalizer of an application flow that did not finish; {@code null}: it never started (skipped). */
    public ApplicationFlowFinalizer applicationFlowFinalizer(String status) {
        return new ApplicationFlowFinalizer(status == null ? ApplicationFlowFinalizer.SKIPPED : switch (status) {
            case "CANCELLED" -> ApplicationFlowFinalizer.CANCELLED;
            case "CANCELLATION_FAILED" -> ApplicationFlowFinalizer.CANCELLATION_FAILED;
            default -> ApplicationFlowFinalizer.FAILED;
        }, status, flows);
    }
}
