package org.onboarding.ziti.zitiql.oracle;

import java.util.Locale;
import java.util.Random;

/**
 * Seeded random filters that walk the constructs of upstream's grammar: comparisons on strings, numbers, datetimes,
 * bools and null; in, between, contains, icontains and their negations; not, and/or with parentheses; the set
 * functions; sort/skip/limit clauses; whitespace and keyword-case variants; literal escapes. About a third are then
 * mutated (a character dropped, inserted or doubled, whitespace removed or added) to probe the edges of the syntax.
 */
final class FilterGenerator {

    private static final String[] FIELDS = {"name", "id", "createdAt", "updatedAt", "isSystem", "tags.env",
            "tags.a-b", "a.b_c.d-e", "x", "Name_", "roleAttributes", "'name'", "'tags.team-x'",
            // identifiers that start or end like keywords: the lexer's longest match decides
            "android", "order", "notes", "nothing", "inbox", "inField", "index", "contains_x", "containsAll",
            "icontainsX", "betweenness", "isEmptyish", "limitless", "skipper", "sorted", "byway", "ascii",
            "describe", "nullable", "truest", "falsely", "nonce", "fromage", "wherever", "counter", "anyOfx",
            "allOfThem", "not.x", "in.x", "sort.by", "datetime"};
    private static final String[] WS = {" ", " ", " ", "  ", "\t", "\n", "\r\n", " \t "};
    private static final String[] STRING_PARTS = {"a", "abc", "Hello World", " ", "é", "日本", "\uD83D\uDE00",
            "\\\"", "\\\\", "\\n", "\\t", "\\r", "\\f", "'", "%", "_", "x'); DROP TABLE t; --", "and", "or", "(",
            ")", "[", "]", ",", "datetime(2026-01-01T00:00:00Z)", "\u007f", "/"};
    private static final String[] BAD_STRING_PARTS = {"\\q", "\\b", "\\u0041", "\\/", "\t", "\u0001", "\\"};
    private static final String[] NUMBERS = {"0", "1", "-1", "42", "-0", "3.14", "-2.5", "1e3", "1E+3", "2.5e-3",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901234567890",
            "0.0", "10.50", "1e400"};
    private static final String[] BAD_NUMBERS = {"01", "1.", ".5", "+1", "1e", "--1", "1.2.3", "0x10", "1_000"};

    private final Random random;

    FilterGenerator(long seed) {
        this.random = new Random(seed);
    }

    String next() {
        String filter = query();
        if (random.nextInt(3) == 0) {
            filter = mutate(filter);
        }
        return random.nextInt(20) == 0 ? ws(0) + filter + ws(0) : filter;
    }

    private String query() {
        return switch (random.nextInt(10)) {
            case 0 -> clauses(false);
            case 1, 2 -> boolExpr(0) + clauses(true);
            default -> boolExpr(0);
        };
    }

    /** {@code [sort by ..] [skip N] [limit N|none]} in grammar order, rarely out of order. */
    private String clauses(boolean afterPredicate) {
        StringBuilder b = new StringBuilder();
        boolean any = false;
        if (random.nextBoolean()) {
            b.append(sep(afterPredicate || any)).append(kw("sort")).append(ws(1)).append(kw("by")).append(ws(1));
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(ws(0)).append(',').append(ws(0));
                }
                b.append(field());
                if (random.nextInt(3) == 0) {
                    b.append(ws(1)).append(kw(random.nextBoolean() ? "asc" : "desc"));
                }
            }
            any = true;
        }
        boolean swap = random.nextInt(30) == 0;
        String skip = random.nextBoolean() ? sep(afterPredicate || any) + kw("skip") + ws(1) + clauseNumber() : "";
        any |= !skip.isEmpty();
        String limit = random.nextBoolean() || !any ? sep(afterPredicate || any) + kw("limit") + ws(1)
                + (random.nextInt(4) == 0 ? kw("none") : clauseNumber()) : "";
        return b + (swap ? limit + skip : skip + limit);
    }

    private String sep(boolean needed) {
        return needed ? ws(1) : "";
    }

    private String clauseNumber() {
        return random.nextInt(6) == 0 ? pick(NUMBERS) : String.valueOf(random.nextInt(1000));
    }

    private String boolExpr(int depth) {
        int choice = random.nextInt(depth > 3 ? 4 : 11);
        return switch (choice) {
            case 0, 1, 2 -> operation();
            case 3 -> random.nextInt(3) == 0 ? kw(random.nextBoolean() ? "true" : "false") : field();
            case 4, 5 -> boolExpr(depth + 1) + ws(1) + kw("and") + ws(1) + boolExpr(depth + 1);
            case 6, 7 -> boolExpr(depth + 1) + ws(1) + kw("or") + ws(1) + boolExpr(depth + 1);
            case 8 -> "(" + ws(0) + boolExpr(depth + 1) + ws(0) + ")";
            case 9 -> kw("not") + ws(1) + boolExpr(depth + 1);
            default -> random.nextInt(4) == 0 ? kw("isEmpty") + "(" + ws(0) + setExpr() + ws(0) + ")" : operation();
        };
    }

    private String setExpr() {
        return random.nextInt(3) == 0
                ? kw("from") + ws(1) + field() + ws(1) + kw("where") + ws(1) + boolExpr(3) : field();
    }

    private String lhs() {
        if (random.nextInt(15) == 0) {
            return switch (random.nextInt(3)) {
                case 0 -> kw("anyOf") + "(" + ws(0) + field() + ws(0) + ")";
                case 1 -> kw("allOf") + "(" + ws(0) + field() + ws(0) + ")";
                default -> kw("count") + "(" + ws(0) + setExpr() + ws(0) + ")";
            };
        }
        return field();
    }

    private String operation() {
        String lhs = lhs();
        return switch (random.nextInt(9)) {
            case 0 -> lhs + ws(1) + negatable("in", 1) + ws(1) + array();
            case 1 -> {
                boolean dates = random.nextBoolean();
                yield lhs + ws(1) + negatable("between", 2) + ws(1) + (dates ? datetime() : number()) + ws(1)
                        + kw("and") + ws(1) + (dates ? datetime() : number());
            }
            case 2 -> lhs + ws(0) + pick("<", "<=", ">", ">=") + ws(0) + pick(string(), number(), datetime());
            case 3, 4 -> lhs + ws(0) + pick("=", "!=") + ws(0)
                    + pick(string(), number(), datetime(), kw(random.nextBoolean() ? "true" : "false"), kw("null"));
            case 5 -> lhs + ws(0) + negatable("contains", 2) + ws(1) + pick(string(), number());
            case 6 -> lhs + ws(0) + negatable("icontains", 2) + ws(1) + string();
            case 7 -> lhs + ws(0) + pick("=", "<", "!=", "contains", "in") + ws(0) + anyValue();
            default -> lhs + ws(0) + pick("=", "!=") + ws(0) + string();
        };
    }

    /** {@code not in} takes exactly one whitespace character in the grammar; the others one or more. */
    private String negatable(String keyword, int maxWs) {
        if (random.nextInt(3) != 0) {
            return kw(keyword);
        }
        String gap = maxWs == 1 && random.nextInt(8) != 0 ? pick(" ", "\t", "\n") : ws(1);
        return kw("not") + gap + kw(keyword);
    }

    private String anyValue() {
        return pick(string(), number(), datetime(), array(), kw("true"), kw("null"), field(), "");
    }

    private String array() {
        int kind = random.nextInt(3);
        int n = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(4);
        StringBuilder b = new StringBuilder("[").append(ws(0));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(ws(0)).append(',').append(ws(0));
            }
            int k = random.nextInt(15) == 0 ? random.nextInt(3) : kind;
            b.append(k == 0 ? string() : k == 1 ? number() : datetime());
        }
        return b.append(ws(0)).append(']').toString();
    }

    private String string() {
        StringBuilder b = new StringBuilder("\"");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(random.nextInt(25) == 0 ? pick(BAD_STRING_PARTS) : pick(STRING_PARTS));
        }
        return random.nextInt(40) == 0 ? b.toString() : b.append('"').toString();
    }

    private String number() {
        return random.nextInt(25) == 0 ? pick(BAD_NUMBERS)
                : random.nextBoolean() ? pick(NUMBERS) : String.valueOf(random.nextInt(2001) - 1000);
    }

    private String datetime() {
        String date = switch (random.nextInt(20)) {
            case 0 -> "2026-02-30";
            case 1 -> "2026-13-01";
            case 2 -> "12026-01-01";
            case 3 -> "026-1-01";
            case 4 -> "2024-02-29";
            case 5 -> "0000-01-01";
            default -> String.format(Locale.ROOT, "%04d-%02d-%02d", 1970 + random.nextInt(100),
                    1 + random.nextInt(12), 1 + random.nextInt(28));
        };
        String time = switch (random.nextInt(20)) {
            case 0 -> "23:59:60";
            case 1 -> "24:00:00";
            case 2 -> "12:60:00";
            case 3 -> "1:00:00";
            default -> String.format(Locale.ROOT, "%02d:%02d:%02d", random.nextInt(24), random.nextInt(60),
                    random.nextInt(60));
        };
        String fraction = random.nextInt(4) == 0 ? "." + (1 + random.nextInt(999_999)) : "";
        String offset = switch (random.nextInt(8)) {
            case 0 -> "z";
            case 1 -> "+05:30";
            case 2 -> "-08:00";
            case 3 -> "+24:00";
            case 4 -> "";
            default -> "Z";
        };
        String t = random.nextInt(10) == 0 ? "t" : random.nextInt(30) == 0 ? " " : "T";
        String open = random.nextInt(30) == 0 ? "DATETIME(" : random.nextInt(30) == 0 ? "datetime (" : "datetime(";
        return open + ws(0) + date + t + time + fraction + offset + ws(0) + ")";
    }

    private String field() {
        return random.nextInt(4) == 0 ? caseVariant(pick(FIELDS)) : pick(FIELDS);
    }

    /** A keyword in lower, upper, capitalised or random case. */
    private String kw(String keyword) {
        return random.nextInt(3) == 0 ? caseVariant(keyword) : keyword;
    }

    private String caseVariant(String word) {
        return switch (random.nextInt(3)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(word.charAt(0)) + word.substring(1);
            default -> {
                StringBuilder b = new StringBuilder();
                for (char c : word.toCharArray()) {
                    b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                }
                yield b.toString();
            }
        };
    }

    /** Whitespace: at least {@code min} characters, sometimes more, of the grammar's four kinds. */
    private String ws(int min) {
        if (min == 0 && random.nextInt(3) != 0) {
            return random.nextInt(2) == 0 ? "" : " ";
        }
        return random.nextInt(4) == 0 ? pick(WS) : " ";
    }

    private String mutate(String filter) {
        if (filter.isEmpty()) {
            return filter;
        }
        int at = random.nextInt(filter.length());
        return switch (random.nextInt(6)) {
            case 0 -> filter.substring(0, at) + filter.substring(at + 1);
            case 1 -> filter.substring(0, at) + pick("(", ")", "\"", "'", ",", " ", "-", ".", "!", "=", "[", "]",
                    "_", "0", "a", "\u00a0", "\\") + filter.substring(at);
            case 2 -> filter.substring(0, at) + filter.charAt(at) + filter.substring(at);
            case 3 -> filter.replaceFirst("[ \t\n]+", "");
            case 4 -> filter.replace(" ", pick("  ", "\t", "\n", " \r "));
            default -> filter.substring(0, at);
        };
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
