package org.onboarding.ziti.zitiql.oracle;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.onboarding.ziti.zitiql.upstream.ZitiQlLexer;
import org.onboarding.ziti.zitiql.upstream.ZitiQlParser;
import org.onboarding.ziti.zitiql.upstream.ZitiQlParser.BoolExprContext;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Upstream's parser, generated at build time from its {@code ZitiQl.g4}, and a normaliser from its parse tree to
 * {@link Sexp}. "Accepted" means no lexer or parser error was reported (errors are collected by a listener, never
 * printed) and the start rule consumed the input up to {@code EOF}.
 *
 * <p>The grammar accepts a few things our parser rejects on purpose; the normaliser reports them as
 * {@link Verdict.Kind#RESTRICTED} (each is listed in the module README):
 * <ol>
 *   <li>set functions {@code anyOf(..)}, {@code allOf(..)}, {@code count(..)}, {@code isEmpty(..)} and their
 *       {@code from .. where ..} sub-queries: none of our resources exposes a set-valued field;</li>
 *   <li>a {@code datetime(..)} that matches the grammar's RFC 3339 shape but is not a value java.time can hold:
 *       Feb 30, second 60, years beyond four digits (upstream's own conversion fails on those too), and offsets
 *       beyond ±18:00 (the grammar allows up to 23:59; no real zone uses them);</li>
 *   <li>{@code skip}/{@code limit} with a number that is not a 64-bit integer ({@code 2.5}, {@code 1e2}).</li>
 * </ol>
 * Two spellings are normalised rather than restricted: a quoted identifier {@code 'name'} means {@code name} (upstream
 * keeps the quotes, so it can never name a field there), and {@code limit none} is {@code limit -1} (both mean no
 * limit).
 */
final class UpstreamZitiQl {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private UpstreamZitiQl() {
    }

    private static final class Restricted extends RuntimeException {
        Restricted(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Errors extends BaseErrorListener {
        final List<String> messages = new ArrayList<>();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg,
                                RecognitionException e) {
            messages.add(line + ":" + column + " " + msg);
        }
    }

    static Verdict parse(String filter) {
        Errors errors = new Errors();
        ZitiQlLexer lexer = new ZitiQlLexer(CharStreams.fromString(filter));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        ZitiQlParser parser = new ZitiQlParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        ZitiQlParser.StartContext start = parser.start();
        if (!errors.messages.isEmpty()) {
            return Verdict.rejected(String.join("; ", errors.messages));
        }
        if (tokens.LA(1) != Token.EOF || start.exception != null) {
            return Verdict.rejected("input not consumed up to EOF");
        }
        try {
            return Verdict.accepted(query((ZitiQlParser.QueryStmtContext) ((ZitiQlParser.EndContext) start).query()));
        } catch (Restricted r) {
            return Verdict.restricted(r.getMessage());
        }
    }

    private static Sexp query(ZitiQlParser.QueryStmtContext q) {
        Object predicate = q.boolExpr() == null ? Sexp.ABSENT : bool(q.boolExpr());
        List<Object> sort = new ArrayList<>();
        if (q.sortBy() != null) {
            for (ZitiQlParser.SortFieldContext f : ((ZitiQlParser.SortByExprContext) q.sortBy()).sortField()) {
                ZitiQlParser.SortFieldExprContext field = (ZitiQlParser.SortFieldExprContext) f;
                sort.add(Sexp.of(identifier(field.IDENTIFIER()), field.DESC() != null ? "desc" : "asc"));
            }
        }
        Object skip = q.skip() == null ? Sexp.ABSENT
                : integer(((ZitiQlParser.SkipExprContext) q.skip()).NUMBER(), "skip");
        Object limit = Sexp.ABSENT;
        if (q.limit() != null) {
            ZitiQlParser.LimitExprContext l = (ZitiQlParser.LimitExprContext) q.limit();
            limit = l.NONE() != null ? -1L : integer(l.NUMBER(), "limit");
        }
        return Sexp.of("query", predicate, Sexp.of("sort", sort), Sexp.of("skip", skip), Sexp.of("limit", limit));
    }

    private static long integer(TerminalNode number, String clause) {
        String text = number.getText();
        try {
            if (INTEGER.matcher(text).matches()) {
                return Long.parseLong(text);
            }
        } catch (NumberFormatException tooBig) {
            // falls through
        }
        throw new Restricted(clause + " is not a 64-bit integer: " + text);
    }

    private static Object bool(BoolExprContext e) {
        if (e instanceof ZitiQlParser.OperationOpContext op) {
            return operation(op.operation());
        } else if (e instanceof ZitiQlParser.GroupContext g) {
            return bool(g.boolExpr());
        } else if (e instanceof ZitiQlParser.AndExprContext and) {
            return Sexp.connective("and", and.boolExpr().stream().map(UpstreamZitiQl::bool).toList());
        } else if (e instanceof ZitiQlParser.OrExprContext or) {
            return Sexp.connective("or", or.boolExpr().stream().map(UpstreamZitiQl::bool).toList());
        } else if (e instanceof ZitiQlParser.BoolConstContext c) {
            return Sexp.of(c.BOOL().getText().toLowerCase(Locale.ROOT));
        } else if (e instanceof ZitiQlParser.BoolSymbolContext s) {
            return Sexp.of("symbol", identifier(s.IDENTIFIER()));
        } else if (e instanceof ZitiQlParser.NotExprContext not) {
            return Sexp.of("not", bool(not.boolExpr()));
        } else if (e instanceof ZitiQlParser.IsEmptyFunctionContext) {
            throw new Restricted("set function isEmpty");
        }
        throw new IllegalStateException("unknown boolExpr " + e.getClass().getSimpleName());
    }

    /**
     * Every operation alternative is {@code binaryLhs, operator token, literal tokens (maybe in an array)}; the
     * alternative's label only repeats what the literal tokens say, so they are read generically.
     */
    private static Sexp operation(ZitiQlParser.OperationContext op) {
        ZitiQlParser.BinaryLhsContext lhs = (ZitiQlParser.BinaryLhsContext) op.getChild(0);
        if (lhs.setFunction() != null) {
            throw new Restricted("set function " + lhs.setFunction().getChild(0).getText());
        }
        String field = identifier(lhs.IDENTIFIER());
        Token operator = null;
        List<Object> values = new ArrayList<>();
        for (Token t : terminals(op, new ArrayList<>())) {
            switch (t.getType()) {
                case ZitiQlParser.IN, ZitiQlParser.BETWEEN, ZitiQlParser.LT, ZitiQlParser.GT, ZitiQlParser.EQ,
                     ZitiQlParser.CONTAINS, ZitiQlParser.ICONTAINS -> operator = t;
                case ZitiQlParser.STRING, ZitiQlParser.NUMBER, ZitiQlParser.DATETIME, ZitiQlParser.BOOL,
                     ZitiQlParser.NULL -> values.add(literal(t));
                default -> {
                    // whitespace, brackets, commas, the AND of between
                }
            }
        }
        String text = operator.getText().toLowerCase(Locale.ROOT);
        boolean negated = text.startsWith("not");
        List<Object> args = new ArrayList<>();
        args.add(field);
        args.addAll(values);
        String head = switch (operator.getType()) {
            case ZitiQlParser.IN -> negated ? "not-in" : "in";
            case ZitiQlParser.BETWEEN -> negated ? "not-between" : "between";
            case ZitiQlParser.CONTAINS -> negated ? "not-contains" : "contains";
            case ZitiQlParser.ICONTAINS -> negated ? "not-icontains" : "icontains";
            default -> text; // < <= > >= = !=
        };
        return Sexp.of(head, args);
    }

    private static List<Token> terminals(ParseTree tree, List<Token> into) {
        for (int i = 0; i < tree.getChildCount(); i++) {
            ParseTree child = tree.getChild(i);
            if (child instanceof TerminalNode t) {
                into.add(t.getSymbol());
            } else if (!(child instanceof ZitiQlParser.BinaryLhsContext)) {
                terminals(child, into);
            }
        }
        return into;
    }

    private static String identifier(TerminalNode identifier) {
        String text = identifier.getText();
        return text.startsWith("'") ? text.substring(1, text.length() - 1) : text;
    }

    private static Object literal(Token t) {
        String text = t.getText();
        return switch (t.getType()) {
            case ZitiQlParser.STRING -> Sexp.string(unescape(text.substring(1, text.length() - 1)));
            case ZitiQlParser.NUMBER -> number(text);
            case ZitiQlParser.DATETIME -> datetime(text);
            case ZitiQlParser.BOOL -> Sexp.bool(text.equalsIgnoreCase("true"));
            default -> Sexp.NULL;
        };
    }

    /** An integer when it is written as one and fits 64 bits, otherwise a double: as upstream converts it. */
    private static String number(String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Sexp.integer(Long.parseLong(text));
            } catch (NumberFormatException tooBig) {
                // a double, below
            }
        }
        return Sexp.decimal(Double.parseDouble(text));
    }

    /** Go's time package, which upstream converts with, keeps nine fraction digits and ignores the rest. */
    private static String datetime(String text) {
        String inner = text.substring("datetime(".length(), text.length() - 1).strip();
        String nanos = inner.replaceFirst("(\\.[0-9]{9})[0-9]+", "$1");
        try {
            return Sexp.datetime(OffsetDateTime.parse(nanos.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new Restricted("not a datetime java.time can hold: " + inner);
        }
    }

    /** The grammar's escapes: {@code \" \\ \f \n \r \t}; nothing else can appear after a backslash. */
    private static String unescape(String body) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = body.charAt(++i);
            b.append(switch (e) {
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> e;
            });
        }
        return b.toString();
    }
}
