package org.onboarding.mdm.api;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code page}/{@code limit}/{@code sort} parsed into a small AST (mdm.md §1). The sort key is looked up in a
 * per-resource whitelist that maps API field names to entity properties, so no caller text ever reaches the query.
 */
public record PageQuery(int page, int limit, SortKey sort) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    private static final Pattern SORT = Pattern.compile("^([\\w.]*)((:asc)|(:desc))?$");

    /** A whitelisted entity property and a direction. */
    public record SortKey(String property, boolean ascending) {
        public String orderBy(String alias) {
            String direction = ascending ? " asc" : " desc";
            // the id breaks ties so that pages never overlap
            return " order by " + alias + "." + property + direction + ", " + alias + ".id" + direction;
        }
    }

    public static PageQuery parse(String page, String limit, String sort, Map<String, String> sortable) {
        return new PageQuery(
                positive("page", page, 1, Integer.MAX_VALUE),
                positive("limit", limit, DEFAULT_LIMIT, MAX_LIMIT),
                sortKey(sort, sortable));
    }

    public int offset() {
        return (page - 1) * limit;
    }

    private static int positive(String name, String raw, int defaultValue, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid(name, "\"" + name + "\" must be an integer between 1 and " + max);
    }

    private static SortKey sortKey(String raw, Map<String, String> sortable) {
        if (raw == null || raw.isEmpty()) {
            return new SortKey("createdAt", false);
        }
        Matcher matcher = SORT.matcher(raw);
        if (matcher.matches()) {
            String field = matcher.group(1);
            String property = sortable.get(field);
            if (property != null) {
                return new SortKey(property, !":desc".equals(matcher.group(2)));
            }
        }
        throw ApiException.invalid("sort", "\"sort\" must be field[:asc|:desc] with field one of "
                + List.copyOf(new java.util.TreeSet<>(sortable.keySet())));
    }

    /** {@code show-deleted} and other boolean query flags: only true/false, anything else is a validation error. */
    public static boolean flag(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiException.invalid(name, "\"" + name + "\" must be a boolean");
    }

    /** An optional 24-hex id given as a query filter. */
    public static String objectId(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!ObjectIds.isValid(raw)) {
            throw ApiException.invalid(name, "\"" + name + "\" must be a 24-hex id");
        }
        return raw.toLowerCase();
    }
}
