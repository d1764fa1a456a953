package org.onboarding.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parses path, query and body values the way FastAPI/Pydantic v2 would, collecting errors instead of throwing on the
 * first one (FastAPI reports every invalid parameter of a request at once).
 */
public final class Params {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]");
    /** Python's int(): optional sign, digits, single underscores between digits. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");
    private static final ObjectReader JSON = new ObjectMapper()
            .reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Params() {
    }

    /** A UUID in Pydantic's accepted forms (hyphenated or 32 hex digits); {@code null} and an error otherwise. */
    public static UUID uuid(Problems problems, List<Object> loc, String raw) {
        if (raw == null) {
            problems.missing(loc);
            return null;
        }
        String reason = uuidError(raw);
        if (reason != null) {
            problems.add("uuid_parsing", loc, "Input should be a valid UUID, " + reason, raw, Map.of("error", reason));
            return null;
        }
        String hex = raw.replace("-", "");
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** The reason text of the Rust uuid parser Pydantic uses, or {@code null} if the text is a valid UUID. */
    static String uuidError(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '-' && !HEX.matcher(String.valueOf(c)).matches()) {
                return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `"
                        + c + "` at " + (i + 1);
            }
        }
        if (!raw.contains("-")) {
            return raw.length() == 32 ? null
                    : "invalid length: expected length 32 for simple format, found " + raw.length();
        }
        String[] groups = raw.split("-", -1);
        if (groups.length != 5) {
            return "invalid group count: expected 5, found " + groups.length;
        }
        int[] expected = {8, 4, 4, 4, 12};
        for (int g = 0; g < 5; g++) {
            if (groups[g].length() != expected[g]) {
                return "invalid group length in group " + g + ": expected " + expected[g] + ", found " + groups[g].length();
            }
        }
        return null;
    }

    /**
     * An integer query parameter with FastAPI's default and Query(ge=, le=) bounds. Pydantic accepts integers of any
     * size; past the int range the value is clamped (an offset that large simply gives an empty page), so it is
     * bound to SQL as a valid int.
     */
    public static int integer(Problems problems, List<Object> loc, String raw, int defaultValue, Integer ge, Integer le) {
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.strip();
        java.math.BigInteger value;
        try {
            if (!INTEGER.matcher(text).matches()) {
                throw new NumberFormatException(text);
            }
            value = new java.math.BigInteger(text.replace("_", ""));
        } catch (NumberFormatException e) {
            problems.intParsing(loc, raw);
            return defaultValue;
        }
        if (ge != null && value.compareTo(java.math.BigInteger.valueOf(ge)) < 0) {
            problems.greaterThanEqual(loc, raw, ge);
            return defaultValue;
        }
        if (le != null && value.compareTo(java.math.BigInteger.valueOf(le)) > 0) {
            problems.lessThanEqual(loc, raw, le);
            return defaultValue;
        }
        return value.max(java.math.BigInteger.valueOf(Integer.MIN_VALUE))
                .min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /**
     * Why PostgreSQL could not store this text (a NUL character, refused by PostgreSQL, or an unpaired surrogate,
     * which is no Unicode text at all), or {@code null} when it can.
     */
    public static String unstorable(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "NUL characters (\\u0000) are not allowed";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "unpaired surrogate characters are not allowed";
            }
        }
        return null;
    }

    /** A text parameter that will reach the database: {@code null} and a {@code value_error} if it cannot. */
    public static String storableText(Problems problems, List<Object> loc, String raw) {
        String reason = unstorable(raw);
        if (reason != null) {
            problems.valueError(loc, raw, reason);
            return null;
        }
        return raw;
    }

    public static boolean bool(Problems problems, List<Object> loc, String raw) {
        if (raw == null) {
            return false;
        }
        switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y":
                return true;
            case "false", "0", "no", "off", "f", "n":
                return false;
            default:
                problems.add("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", raw, null);
                return false;
        }
    }

    /** A JSON request body; missing and malformed bodies give FastAPI's {@code missing} and {@code json_invalid}. */
    public static JsonNode jsonBody(String body) {
        if (body == null || body.isBlank()) {
            Problems.collect().missing(List.of("body")).throwIfAny();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            Problems.collect().add("json_invalid", List.of("body", offset), "JSON decode error", Map.of(),
                    Map.of("error", String.valueOf(e.getOriginalMessage()))).throwIfAny();
            return null;
        }
    }

    /** The JSON value of a node as the {@code input} of an error entry. */
    public static Object input(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node;
    }
}
