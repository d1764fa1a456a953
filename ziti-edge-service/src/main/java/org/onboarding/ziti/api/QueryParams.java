package org.onboarding.ziti.api;

/** Typed query parameters checked as upstream's swagger layer does (400 instead of upstream's 601, contract §8). */
public final class QueryParams {

    private QueryParams() {
    }

    public static Long int64(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.couldNotValidate(name, name + " in query must be of type int64: \"" + raw + "\"", raw);
        }
    }
}
