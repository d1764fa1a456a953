package org.onboarding.mdm.enrollment;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrollCodesTest {

    @Test
    void thousandCodesAreUniqueAndFreeOfLookAlikes() {
        EnrollCodes codes = new EnrollCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = codes.next();
            assertTrue(code.matches("^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}$"), code);
            seen.add(code);
        }
        assertEquals(1000, seen.size());
        for (char ambiguous : "01OILU".toCharArray()) {
            assertTrue(EnrollCodes.ALPHABET.indexOf(ambiguous) < 0);
        }
    }
}
