package org.onboarding.ziti.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Date-times are written as RFC 3339 UTC with exactly three fraction digits (go-openapi strfmt's format). */
public final class ZitiTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** 10000-01-01T00:00:00Z: from there on the year takes more than four digits. */
    private static final long YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay() * 86_400;

    private ZitiTime() {
    }

    /**
     * Written by hand for years 1970 to 9999: {@link #FORMAT} costs several times as much, and a list page of 25
     * enrollments writes 75 date-times (4 % of the list call's CPU in its profile). Any other instant goes through
     * {@link #FORMAT}; both write the same text ({@code ZitiTimeTest}).
     */
    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return FORMAT.format(instant);
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
        int secondOfDay = (int) (seconds % 86_400);
        byte[] text = new byte[24];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
