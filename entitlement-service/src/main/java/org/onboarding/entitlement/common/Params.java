package org.onboarding.entitlement.common;

import java.util.UUID;

/**
 * Query and path values are taken as strings and converted here, so that a bad UUID, number or enum value becomes a
 * 400 in the FOLIO envelope (JAX-RS would otherwise answer 404 for an unconvertible path or query parameter).
 */
public final class Params {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 500;

    private Params() {
    }

    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidArgument("Required parameter '" + name + "' is not present");
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw typeMismatch("'java.util.UUID'; Invalid UUID string: " + value);
        }
    }

    public static boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw typeMismatch("'boolean'; Invalid boolean value [" + value + "]");
    }

    /** Paging of the DB-backed lists: 0..500 by bean-validation rules, then {@code limit=0} rejected (see README, Contract notes, Paging). */
    public static Page page(String operation, String limit, String offset, boolean rejectZeroLimit) {
        int l = integer(operation, "limit", limit, DEFAULT_LIMIT);
        int o = integer(operation, "offset", offset, 0);
        if (l > MAX_LIMIT) {
            throw ApiException.constraintViolation(operation + ".limit must be less than or equal to " + MAX_LIMIT);
        }
        if (l < 0) {
            throw ApiException.constraintViolation(operation + ".limit must be greater than or equal to 0");
        }
        if (o < 0) {
            throw ApiException.constraintViolation(operation + ".offset must be greater than or equal to 0");
        }
        if (rejectZeroLimit && l == 0) {
            throw ApiException.invalidArgument("Limit cannot be negative or zero: 0");
        }
        return new Page(l, o);
    }

    private static int integer(String operation, String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw typeMismatch("'java.lang.Integer'; For input string: \"" + value + "\"");
        }
    }

    /** Spring's conversion failure of a query or path value: its type name and message, no parameters. */
    private static ApiException typeMismatch(String target) {
        return ApiException.badRequest("MethodArgumentTypeMismatchException",
                "Failed to convert value of type 'java.lang.String' to required type " + target);
    }

    public record Page(int limit, int offset) {
    }

    /** {@code k1=v1,k2=v2} (the {@code tenantParameters} query parameter) into tenant-API parameters. */
    public static java.util.Map<String, String> tenantParameters(String text) {
        java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ApiException.invalidArgument("Invalid tenantParameters: " + text);
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }
}
