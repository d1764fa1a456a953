package org.onboarding.ziti.zitiql.oracle;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The canonical form both parse trees are reduced to: an S-expression that keeps only meaning. Parentheses that only
 * group, whitespace, keyword case and literal spelling ({@code 1.0e1} vs {@code 10.0}, escapes, datetime spelling) are
 * gone; {@code and}/{@code or} are n-ary (associative), so {@code (a and b) and c} equals {@code a and (b and c)}, but
 * {@code a and (b or c)} never equals {@code (a and b) or c}.
 */
final class Sexp {
    private final String head;
    private final List<Object> args;

    private Sexp(String head, List<Object> args) {
        this.head = head;
        this.args = args;
    }

    static Sexp of(String head, Object... args) {
        return new Sexp(head, List.of(args));
    }

    static Sexp of(String head, List<?> args) {
        return new Sexp(head, List.copyOf(args));
    }

    /** {@code and}/{@code or} of the operands, splicing in operands that are themselves the same connective. */
    static Sexp connective(String head, List<?> operands) {
        List<Object> flat = new ArrayList<>();
        for (Object operand : operands) {
            if (operand instanceof Sexp s && s.head.equals(head)) {
                flat.addAll(s.args);
            } else {
                flat.add(operand);
            }
        }
        return new Sexp(head, flat);
    }

    static String string(String value) {
        StringBuilder b = new StringBuilder("\"");
        value.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp > 0x7e) {
                b.append(String.format(Locale.ROOT, "\\u{%x}", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }

    static String integer(long value) {
        return "i:" + value;
    }

    static String decimal(double value) {
        return "f:" + value;
    }

    static String datetime(OffsetDateTime value) {
        return "d:" + value;
    }

    static String bool(boolean value) {
        return "b:" + value;
    }

    static final String NULL = "null";
    static final String ABSENT = "_";

    @Override
    public boolean equals(Object o) {
        return o instanceof Sexp s && s.head.equals(head) && s.args.equals(args);
    }

    @Override
    public int hashCode() {
        return head.hashCode() * 31 + args.hashCode();
    }

    @Override
    public String toString() {
        if (args.isEmpty()) {
            return "(" + head + ")";
        }
        return "(" + head + " " + args.stream().map(String::valueOf).collect(Collectors.joining(" ")) + ")";
    }
}
