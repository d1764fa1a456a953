package org.onboarding.ziti.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hand-written date-time writer agrees with the pattern it replaces, everywhere. */
class ZitiTimeTest {

    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void writesWhatThePatternWrites() {
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2000-02-29T12:34:56.789Z", "2026-12-05T04:27:06.000999Z", "2026-12-31T23:59:59.999999Z",
                "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "0001-01-01T00:00:00.001Z"}) {
            Instant instant = Instant.parse(edge);
            assertEquals(PATTERN.format(instant), ZitiTime.format(instant), edge);
        }
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertEquals(PATTERN.format(instant), ZitiTime.format(instant), instant.toString());
        }
        assertEquals("2026-12-05T04:27:06.123Z", ZitiTime.format(Instant.parse("2026-12-05T04:27:06.123456Z")));
        assertNull(ZitiTime.format(null));
    }
}
