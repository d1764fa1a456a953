package org.onboarding.mdm.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code page}/{@code limit}/{@code sort} parsed into a small AST (README "Lists"). The sort key is looked up in a
 * per-resource whitelist that maps API field names (dotted for embedded objects, e.g. {@code mdmUser.email}) to
 * query expressions written by us, so no caller text ever reaches the query.
 */
public record PageQuery(int page, int limit, SortKey sort) {

    public static final int DEFAULT_LIMIT = 10;
    /** Applivery's own API skeleton validates {@code limit} as 1..100. */
    public static final int MAX_LIMIT = 100;
    /** The documented pattern: an optional field path and an optional direction. */
    private static final Pattern SORT = Pattern.compile("^([\\w.]*)((:asc)|(:desc))?$");
    /** The default order when {@code sort} is absent or names no field. */
    public static final String DEFAULT_SORT_FIELD = "createdAt";

    /** A whitelisted order-by expression (written against the query's root alias) and a direction. */
    public record SortKey(String expression, boolean ascending) {
        public String orderBy(String alias) {
            String direction = ascending ? " asc" : " desc";
            // the id breaks ties so that pages never overlap
            return " order by " + expression + direction + ", " + alias + ".id" + direction;
        }
    }

    public static PageQuery parse(String page, String limit, String sort, Map<String, String> sortable) {
        return new PageQuery(
                positive("page", page, 1, Integer.MAX_VALUE),
                positive("limit", limit, DEFAULT_LIMIT, MAX_LIMIT),
                sortKey(sort, sortable));
    }

    /**
     * Rows to skip. A page far past the end ({@code page=30000000&limit=100}) would overflow an int; no table here
     * holds 2^31 rows, so such a page is clamped to an offset that still finds nothing and answers an empty page.
     */
    public int offset() {
        long offset = (long) (page - 1) * limit;
        return (int) Math.min(offset, Integer.MAX_VALUE - limit);
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
        Matcher matcher = SORT.matcher(raw == null ? "" : raw);
        if (matcher.matches()) {
            String field = matcher.group(1);
            boolean ascending = ":asc".equals(matcher.group(2));
            if (field.isEmpty()) {
                // "", ":asc" or ":desc": the pattern allows no field, which means the default field (newest first
                // unless ":asc")
                return new SortKey(sortable.get(DEFAULT_SORT_FIELD), ascending);
            }
            String expression = sortable.get(field);
            if (expression != null) {
                return new SortKey(expression, !":desc".equals(matcher.group(2)));
            }
        }
        throw ApiException.invalid("sort", "\"sort\" must be field[:asc|:desc] with field one of "
                + List.copyOf(new TreeSet<>(sortable.keySet())));
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

    /** An optional integer query filter ({@code segmentId}). */
    public static Integer integer(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "\"" + name + "\" must be an integer");
        }
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

    /**
     * A list's sort whitelist: the fields every row has ({@code id}, {@code createdAt}, {@code updatedAt}) and the
     * API fields named as their entity property, as {@code alias.property}, plus the other fields with their
     * expression written in full (a renamed property, a subquery for an embedded object's field).
     */
    public static Map<String, String> sortable(String alias, List<String> properties, Map<String, String> others) {
        Map<String, String> whitelist = new HashMap<>(others);
        for (String stored : List.of("id", "createdAt", "updatedAt")) {
            whitelist.put(stored, alias + "." + stored);
        }
        properties.forEach(property -> whitelist.put(property, alias + "." + property));
        return Map.copyOf(whitelist);
    }
}
