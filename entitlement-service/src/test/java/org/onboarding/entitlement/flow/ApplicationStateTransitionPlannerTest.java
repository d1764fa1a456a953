package org.onboarding.entitlement.flow;

import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.common.ApiException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Desired state buckets by application name (see README, Desired state). */
class ApplicationStateTransitionPlannerTest {

    @Test
    void mixOfEntitleUpgradeRevokeAndNoOp() {
        ApplicationStateTransitionPlanner.Plan plan = ApplicationStateTransitionPlanner.plan(
                List.of("keep-1.0.0", "up-2.0.0", "down-0.9.0", "new-1.0.0"),
                List.of("keep-1.0.0", "up-1.0.0", "down-1.0.0", "gone-3.0.0"));
        assertEquals(List.of("new-1.0.0"), plan.entitle());
        // any version difference is an upgrade; a lower one is refused later by DesiredStateWithUpgradeValidator
        assertEquals(Map.of("up-2.0.0", "up-1.0.0", "down-0.9.0", "down-1.0.0"), plan.upgrade());
        assertEquals(List.of("gone-3.0.0"), plan.revoke());
    }

    @Test
    void emptyDesiredStateRevokesEverythingAndSameStateIsNothing() {
        assertEquals(List.of("a-1.0.0", "b-1.0.0"),
                ApplicationStateTransitionPlanner.plan(List.of(), List.of("a-1.0.0", "b-1.0.0")).revoke());
        assertTrue(ApplicationStateTransitionPlanner.plan(List.of("a-1.0.0"), List.of("a-1.0.0")).isEmpty());
    }

    @Test
    void duplicateNamesAreRefused() {
        assertInvalidArgument(
                () -> ApplicationStateTransitionPlanner.plan(List.of("a-1.0.0", "a-2.0.0"), List.of()));
    }

    /** Upstream's IllegalArgumentException: a 400 validation error, not a crash. */
    private static void assertInvalidArgument(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertEquals(org.onboarding.entitlement.common.ApiException.Kind.INVALID_ARGUMENT,
                org.junit.jupiter.api.Assertions.assertThrows(org.onboarding.entitlement.common.ApiException.class, call).kind());
    }
}
