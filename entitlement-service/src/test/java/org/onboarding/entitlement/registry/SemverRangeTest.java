package org.onboarding.entitlement.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.onboarding.entitlement.common.ApiException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dependency range checker ({@code ^ ~ x - >= <} and {@code ||}; see README, Notable decisions, versions and ranges), prereleases included. */
class SemverRangeTest {

    @ParameterizedTest(name = "{0} satisfies \"{1}\": {2}")
    @CsvSource(delimiterString = " | ", textBlock = """
            1.2.3        | 1.2.3              | true
            1.2.4        | 1.2.3              | false
            1.2.3        | =1.2.3             | true
            1.5.0        | ^1.2.3             | true
            1.2.3        | ^1.2.3             | true
            1.2.2        | ^1.2.3             | false
            2.0.0        | ^1.2.3             | false
            2.0.0-rc.1   | ^1.2.3             | false
            1.9.9-rc.1   | ^1.2.3             | true
            0.2.5        | ^0.2.3             | true
            0.3.0        | ^0.2.3             | false
            0.0.3        | ^0.0.3             | true
            0.0.4        | ^0.0.3             | false
            1.9.0        | ^1                 | true
            1.2.9        | ~1.2.3             | true
            1.3.0        | ~1.2.3             | false
            1.2.2        | ~1.2.3             | false
            1.9.0        | ~1                 | true
            2.0.0        | ~1                 | false
            1.4.2        | 1.x                | true
            2.0.0        | 1.x                | false
            1.2.7        | 1.2.x              | true
            1.3.0        | 1.2.x              | false
            7.0.0        | *                  | true
            1.5.0        | 1.0.0 - 2.0.0      | true
            2.0.0        | 1.0.0 - 2.0.0      | true
            2.0.1        | 1.0.0 - 2.0.0      | false
            0.9.9        | 1.0.0 - 2.0.0      | false
            2.9.9        | 1.0.0 - 2          | true
            3.0.0        | 1.0.0 - 2          | false
            2.0.0        | >=2.0.0            | true
            1.9.9        | >=2.0.0            | false
            1.9.9        | <2.0.0             | true
            2.0.0        | <2.0.0             | false
            2.0.0        | <=2.0.0            | true
            2.0.1        | >2.0.0             | true
            2.0.0        | >2.0.0             | false
            1.5.0        | >=1.0.0 <2.0.0     | true
            2.0.0        | >=1.0.0 <2.0.0     | false
            1.0.0-beta.2 | >=1.0.0-beta.1     | true
            1.0.0-beta.1 | >=1.0.0-beta.2     | false
            1.0.0        | >1.0.0-rc.9        | true
            1.0.0-rc.11  | >1.0.0-rc.9        | true
            3.1.0        | ^1.0.0 || ^3.0.0   | true
            2.1.0        | ^1.0.0 || ^3.0.0   | false
            1.0.5        | 1.0.x || >=4.0.0   | true
            5.0.0        | 1.0.x || >=4.0.0   | true
            """)
    void rangeTable(String version, String range, boolean expected) {
        assertEquals(expected, Semver.satisfies(version, range), version + " vs " + range);
    }

    @Test
    void invalidVersionsAndRangesAreValidationErrorsNotCrashes() {
        assertInvalidArgument( () -> Semver.satisfies("1.0", "^1.0.0"));
        assertInvalidArgument( () -> Semver.satisfies("99999999999999999999.0.0", "*"));
        assertInvalidArgument( () -> Semver.satisfies("1.0.0", "^banana"));
        assertInvalidArgument( () -> Semver.satisfies("1.0.0", ">=99999999999999999999"));
        assertFalse(Semver.isValidRange("^banana"));
        assertFalse(Semver.isValidRange(""));
        assertTrue(Semver.isValidRange("^1.0.0 || ~2.1"));
        // numeric prerelease identifiers of any length compare numerically
        assertTrue(Semver.satisfies("1.0.0-99999999999999999999", ">1.0.0-9"));
    }

    /** Upstream's IllegalArgumentException: a 400 validation error, not a crash. */
    private static void assertInvalidArgument(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertEquals(org.onboarding.entitlement.common.ApiException.Kind.INVALID_ARGUMENT,
                org.junit.jupiter.api.Assertions.assertThrows(org.onboarding.entitlement.common.ApiException.class, call).kind());
    }
}
