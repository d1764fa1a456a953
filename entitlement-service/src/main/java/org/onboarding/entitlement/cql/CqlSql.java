package org.onboarding.entitlement.cql;

import org.onboarding.entitlement.common.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Translates a CQL AST into a parameterised PostgreSQL condition over a whitelist of fields.
 * Column names come only from the whitelist; every term is a bind parameter ({@code $n}).
 */
public final class CqlSql {

    public enum Type { STRING, UUID, ENUM, TIMESTAMP }

    public record Field(String column, Type type) {
    }

    /** The fields of several maps in one (a later map's field wins). */
    @SafeVarargs
    public static Map<String, Field> merge(Map<String, Field>... maps) {
        Map<String, Field> all = new java.util.HashMap<>();
        for (Map<String, Field> map : maps) {
            all.putAll(map);
        }
        return Map.copyOf(all);
    }

    /** A condition and ORDER BY, with its parameters to bind in order starting at {@code $firstParam}. */
    public record Sql(String where, String orderBy, List<Object> params) {
    }

    /**
     * A filter that selects exactly the rows of one maintained count: everything ({@code field} empty), or one
     * field equal to one value, compared as the count table stores it (see README, List counts).
     */
    public record CountKey(String field, Type type, String value) {
        static final CountKey ALL = new CountKey("", null, "");
    }

    private final Map<String, Field> fields;
    private final List<Object> params = new ArrayList<>();
    private final int firstParam;

    private CqlSql(Map<String, Field> fields, int firstParam) {
        this.fields = fields;
        this.firstParam = firstParam;
    }

    /** @param query CQL, or null for "everything" */
    public static Sql translate(String query, Map<String, Field> fields, int firstParam, String defaultOrder) {
        if (query == null || query.isBlank()) {
            return new Sql("TRUE", defaultOrder, List.of());
        }
        CqlNode.Query parsed = CqlParser.parse(query);
        CqlSql translator = new CqlSql(fields, firstParam);
        String where = translator.node(parsed.root());
        String order = parsed.sortKeys().isEmpty() ? defaultOrder : translator.order(parsed.sortKeys());
        return new Sql(where, order, List.copyOf(translator.params));
    }

    /**
     * The maintained count a query is exactly, if any: no condition, {@code cql.allRecords=1}, or one equality on a
     * field without masking characters. Anything else is counted with its WHERE condition.
     */
    public static java.util.Optional<CountKey> countKey(String query, Map<String, Field> fields) {
        if (query == null || query.isBlank()) {
            return java.util.Optional.of(CountKey.ALL);
        }
        CqlNode root = CqlParser.parse(query).root();
        if (!(root instanceof CqlNode.Clause clause)) {
            return java.util.Optional.empty();
        }
        if (clause.index().equalsIgnoreCase("cql.allRecords")) {
            return java.util.Optional.of(CountKey.ALL);
        }
        Field field = fields.get(clause.index());
        String term = clause.term();
        if (field == null || term.isEmpty() || !EQUALITY.contains(clause.relation()) || masked(term)) {
            return java.util.Optional.empty();
        }
        return switch (field.type()) {
            case UUID -> term.length() == 36 ? uuidText(term).map(id -> new CountKey(clause.index(), Type.UUID, id))
                    : java.util.Optional.empty();
            case STRING, ENUM -> java.util.Optional.of(new CountKey(clause.index(), field.type(), unescape(term)));
            case TIMESTAMP -> java.util.Optional.empty();
        };
    }

    private static java.util.Optional<String> uuidText(String term) {
        try {
            return java.util.Optional.of(java.util.UUID.fromString(term).toString());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static final java.util.Set<String> EQUALITY = java.util.Set.of("=", "==", "exact", "adj", "any", "all");

    /** True when the term holds an unescaped {@code *} or {@code ?}. */
    private static boolean masked(String term) {
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** The term before its trailing {@code *}s when that is its only masking ({@code abc*}), else null. */
    private static String prefix(String term) {
        int end = term.length();
        while (end > 0 && term.charAt(end - 1) == '*' && !escaped(term, end - 1)) {
            end--;
        }
        if (end == term.length() || end == 0 || masked(term.substring(0, end))) {
            return null;
        }
        return unescape(term.substring(0, end));
    }

    private static boolean escaped(String term, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && term.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private String order(List<CqlNode.SortKey> keys) {
        List<String> parts = new ArrayList<>();
        for (CqlNode.SortKey key : keys) {
            parts.add(field(key.index()).column() + (key.descending() ? " DESC" : " ASC"));
        }
        return String.join(", ", parts);
    }

    private String node(CqlNode node) {
        if (node instanceof CqlNode.Bool bool) {
            return switch (bool.op()) {
                case AND -> "(" + node(bool.left()) + " AND " + node(bool.right()) + ")";
                case OR -> "(" + node(bool.left()) + " OR " + node(bool.right()) + ")";
                case NOT -> "(" + node(bool.left()) + " AND NOT " + node(bool.right()) + ")";
                case PROX -> throw ApiException.cqlQuery("Unsupported CQL feature: prox");
            };
        }
        return clause((CqlNode.Clause) node);
    }

    private String clause(CqlNode.Clause clause) {
        String index = clause.index();
        if (index.equalsIgnoreCase("cql.allRecords")) {
            if (!clause.term().equals("1")) {
                throw ApiException.cqlQuery("Unsupported CQL feature: cql.allRecords=" + clause.term());
            }
            return "TRUE";
        }
        if (index.regionMatches(true, 0, "cql.", 0, 4)) {
            throw ApiException.cqlQuery("Unsupported CQL index: " + index);
        }
        Field field = field(index);
        String rel = clause.relation();
        return switch (field.type()) {
            case STRING -> string(field.column(), rel, clause.term());
            case UUID -> uuid(field.column(), rel, clause.term(), index);
            case ENUM -> enumeration(field.column(), rel, clause.term());
            case TIMESTAMP -> throw ApiException.cqlQuery("Unsupported CQL search on date-time field: " + index);
        };
    }

    private Field field(String index) {
        Field field = fields.get(index);
        if (field == null) {
            throw ApiException.cqlQuery("Unsupported CQL index: " + index + ", supported: "
                    + new java.util.TreeSet<>(fields.keySet()));
        }
        return field;
    }

    private String string(String column, String rel, String term) {
        String lowered = "lower(f_unaccent(" + column + "))";
        if (term.isEmpty()) {
            return switch (rel) {
                case "==", "exact" -> "(" + column + " IS NOT NULL AND " + column + " = '')";
                case "<>" -> "(" + column + " IS NULL)";
                default -> "(" + column + " IS NOT NULL)";
            };
        }
        return switch (rel) {
            case "=", "==", "adj", "all", "any", "exact" -> matches(column, term);
            case "<>" -> lowered + " NOT LIKE lower(f_unaccent(" + bind(like(term)) + ")) ESCAPE '\\'";
            case "<", ">", "<=", ">=" -> lowered + " " + rel + " lower(f_unaccent(" + bind(unescape(term)) + "))";
            default -> throw ApiException.cqlQuery("Unsupported CQL relation: " + rel);
        };
    }

    /**
     * Equality-family match, written so an index on {@code (lower(f_unaccent(column)) COLLATE "C")} serves it: an
     * unmasked term is an equality, {@code abc*} a range on that prefix (rechecked with LIKE), any other mask a LIKE.
     */
    private String matches(String column, String term) {
        String lowered = "(lower(f_unaccent(" + column + ")) COLLATE \"C\")";
        if (!masked(term)) {
            return lowered + " = lower(f_unaccent(" + bind(unescape(term)) + "))";
        }
        String like = lowered + " LIKE lower(f_unaccent(" + bind(like(term)) + ")) ESCAPE '\\'";
        String prefix = prefix(term);
        if (prefix == null) {
            return like;
        }
        String low = "lower(f_unaccent(" + bind(prefix) + "))";
        return "(" + lowered + " >= " + low + " AND " + lowered + " < " + low + " || chr(1114111) AND " + like + ")";
    }

    private String uuid(String column, String rel, String term, String index) {
        UUID value;
        try {
            if (term.length() != 36) {
                throw new IllegalArgumentException();
            }
            value = UUID.fromString(term);
        } catch (IllegalArgumentException e) {
            throw ApiException.cqlQuery("Invalid UUID value for field '" + index + "': " + term);
        }
        return switch (rel) {
            case "=", "==", "exact" -> column + " = " + bind(value);
            case "<>" -> column + " <> " + bind(value);
            default -> throw ApiException.cqlQuery("Unsupported CQL relation for UUID field '" + index + "': " + rel);
        };
    }

    /** Enum columns compare as their stored uppercase text, so {@code status==finished} matches nothing (see README, Contract notes, Upstream quirks). */
    private String enumeration(String column, String rel, String term) {
        return switch (rel) {
            case "=", "==", "exact", "adj", "any", "all" -> column + " = " + bind(unescape(term));
            case "<>" -> column + " <> " + bind(unescape(term));
            default -> throw ApiException.cqlQuery("Unsupported CQL relation for enum field: " + rel);
        };
    }

    private String bind(Object value) {
        params.add(value);
        return "$" + (firstParam + params.size() - 1);
    }

    /** CQL masking to LIKE: {@code *}→{@code %}, {@code ?}→{@code _}, backslash escapes; LIKE metacharacters escaped. */
    static String like(String term) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\' && i + 1 < term.length()) {
                char next = term.charAt(++i);
                out.append(next == '%' || next == '_' || next == '\\' ? "\\" + next : String.valueOf(next));
            } else if (c == '*') {
                out.append('%');
            } else if (c == '?') {
                out.append('_');
            } else if (c == '%' || c == '_') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String term) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\' && i + 1 < term.length()) {
                c = term.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
