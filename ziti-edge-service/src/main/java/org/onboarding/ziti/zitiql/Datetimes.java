package org.onboarding.ziti.zitiql;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

final class Datetimes {
    private Datetimes() {
    }

    /** RFC 3339 as matched by the lexer; out-of-range values (Feb 30, leap second, 5-digit years) are filter errors. */
    static OffsetDateTime parse(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new FilterException("invalid datetime " + rfc3339);
        }
    }
}
