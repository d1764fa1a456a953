package org.onboarding.entitlement.flow.stage;

import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.flow.FlowStore;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pure rules inside the dependency validators and the module updater. */
class StageRulesTest {

    private static ApplicationDescriptor app(String name, String version, List<ApplicationDescriptor.Dependency> deps,
                                             String... moduleIds) {
        List<ApplicationDescriptor.ModuleRef> modules = java.util.Arrays.stream(moduleIds).map(id -> {
            int dash = id.lastIndexOf('-');
            return new ApplicationDescriptor.ModuleRef(id, id.substring(0, dash), id.substring(dash + 1));
        }).toList();
        return new ApplicationDescriptor(name + "-" + version, name, version, deps, modules, List.of(), null);
    }

    private static ApplicationDescriptor.Dependency dep(String name, String version) {
        return new ApplicationDescriptor.Dependency(name, version, false);
    }

    @Test
    void aDependencyIsInstalledOnlyByAFinishedEntitleOrUpgradeInAnAcceptedVersion() {
        List<FlowStore.LastFlow> last = List.of(
                new FlowStore.LastFlow("b-1.4.0", "b", "UPGRADE", "FINISHED"),      // accepted
                new FlowStore.LastFlow("c-2.1.0", "c", "ENTITLE", "FINISHED"),      // wrong version
                new FlowStore.LastFlow("e-1.0.0", "e", "REVOKE", "FINISHED"),       // revoked since
                new FlowStore.LastFlow("f-1.0.0", "f", "ENTITLE", "IN_PROGRESS"));  // not finished
        assertEquals(List.of("c 2.0.0", "e *", "f *", "g 1.x"), EntitleRequestDependencyValidator.missing(
                app("a", "1.0.0", List.of(dep("b", "^1.2.0"), dep("c", "2.0.0"), dep("e", "*"), dep("f", "*"), dep("g", "1.x"))), last));
        assertEquals(List.of(), EntitleRequestDependencyValidator.missing(app("a", "1.0.0", List.of(dep("b", ">=1.0.0 <2.0.0"))), last));
    }

    @Test
    void aBadDependencyRangeIsAValidationErrorNotACrash() {
        List<FlowStore.LastFlow> last = List.of(new FlowStore.LastFlow("b-1.4.0", "b", "ENTITLE", "FINISHED"));
        assertInvalidArgument(
                () -> EntitleRequestDependencyValidator.missing(app("a", "1.0.0", List.of(dep("b", "^banana"))), last));
    }

    @Test
    void modulesTheNewVersionDropsArePairedByNameNotById() {
        ApplicationDescriptor v1 = app("a", "1.0.0", List.of(), "mod-x-1.0.0", "mod-y-1.0.0", "mod-z-1.0.0", "mod-q-1.0.0");
        ApplicationDescriptor v2 = app("a", "2.0.0", List.of(), "mod-x-1.0.0", "mod-y-2.0.0");
        // y changed version but stays; z and q are gone, newest level first and, within a level, in reverse id order
        assertEquals(List.of("mod-z-1.0.0", "mod-q-1.0.0"), FolioModuleUpdater.dropped(v2, v1));
        assertEquals(List.of(), FolioModuleUpdater.dropped(v1, v1));
    }

    /** Upstream's IllegalArgumentException: a 400 validation error, not a crash. */
    private static void assertInvalidArgument(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertEquals(org.onboarding.entitlement.common.ApiException.Kind.INVALID_ARGUMENT,
                org.junit.jupiter.api.Assertions.assertThrows(org.onboarding.entitlement.common.ApiException.class, call).kind());
    }
}
