package org.onboarding.entitlement.flow.stage;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stage lists of every flow and application flow type, in the order they run and are recorded. */
@QuarkusTest
class FlowFactoryTest {

    @Inject
    FlowFactory factory;

    private List<String> names(String flowType) {
        return factory.stages(flowType).stream().map(Stage::name).toList();
    }

    private List<String> applicationNames(String type) {
        return factory.applicationStages(type).stream().map(ApplicationStage::name).toList();
    }

    @Test
    void flowStagesInOrder() {
        assertEquals(List.of("FlowInitializer", "ApplicationFlowValidator", "TenantLoader", "ApplicationDescriptorTreeLoader",
                "InterfaceIntegrityValidator", "ApplicationFlowQueuingStage", "ApplicationFlows", "FinishedFlowFinalizer"),
                names("ENTITLE"));
        assertEquals(List.of("FlowInitializer", "ExistingEntitlementValidator", "ApplicationFlowValidator", "TenantLoader",
                "ApplicationDescriptorLoader", "ApplicationFlowQueuingStage", "ApplicationFlows", "FinishedFlowFinalizer"),
                names("REVOKE"));
        assertEquals(List.of("FlowInitializer", "UpgradeRequestValidator", "ApplicationFlowValidator", "TenantLoader",
                "ApplicationDescriptorLoader", "InterfaceIntegrityValidator", "ApplicationFlowQueuingStage", "ApplicationFlows",
                "FinishedFlowFinalizer"), names("UPGRADE"));
        assertEquals(List.of("FlowInitializer", "TenantLoader", "ApplicationStateTransitionPlanner",
                "DesiredStateApplicationDescriptorLoader", "InterfaceIntegrityValidator", "DesiredStateApplicationFlowValidator",
                "DesiredStateWithUpgradeValidator", "DesiredStateWithRevokeValidator", "DesiredStateApplicationFlowQueuingStage",
                "ApplicationFlows", "FinishedFlowFinalizer"), names("STATE"));
    }

    @Test
    void applicationFlowStagesInOrder() {
        assertEquals(List.of("ApplicationFlowInitializer", "ApplicationDescriptorValidator", "ApplicationDependencySaver",
                "EntitleRequestDependencyValidator", "ApplicationDiscoveryLoader", "<moduleId>-folioModuleInstaller",
                "EntitleApplicationFlowFinalizer"), applicationNames("ENTITLE"));
        assertEquals(List.of("ApplicationFlowInitializer", "RevokeRequestDependencyValidator", "ApplicationDiscoveryLoader",
                "<moduleId>-folioModuleUninstaller", "ApplicationDependencyCleaner", "RevokeApplicationFlowFinalizer"),
                applicationNames("REVOKE"));
        assertEquals(List.of("ApplicationFlowInitializer", "UpgradeRequestDependencyValidator", "ApplicationDiscoveryLoader",
                "<moduleId>-folioModuleUpdater", "ApplicationDependencyUpdater", "UpgradeApplicationFlowFinalizer"),
                applicationNames("UPGRADE"));
    }

    @Test
    void finalizersByStatus() {
        assertEquals("CancellationFailedFlowFinalizer", factory.flowFinalizer("CANCELLATION_FAILED").name());
        assertEquals("FailedFlowFinalizer", factory.flowFinalizer("FAILED").name());
        assertEquals("SkippedApplicationFlowFinalizer", factory.applicationFlowFinalizer(null).name());
        assertEquals("CancelledApplicationFlowFinalizer", factory.applicationFlowFinalizer("CANCELLED").name());
    }
}
