package org.onboarding.ziti.zitiql;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

final class Datetimes {
    private Datetimes() {
    }

    /** A second's fraction beyond nanoseconds: upstream (Go's time package) accepts any length and drops the rest. */
    private static final Pattern SUB_NANOSECOND_DIGITS = Pattern.compile("(\\.[0-9]{9})[0-9]+");

    /**
     * RFC 3339 as matched by the lexer; values java.time cannot hold (Feb 30, leap second, 5-digit years, offsets
     * beyond ±18:00) are filter errors.
     */
    static OffsetDateTime parse(String rfc3339) {
        try {
            String nanos = SUB_NANOSECOND_DIGITS.matcher(rfc3339).replaceFirst("$1");
            return OffsetDateTime.parse(nanos.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new FilterException("invalid datetime " + rfc3339);
        }
    }
}
