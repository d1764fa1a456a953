package org.onboarding.ziti.zitiql;

import org.onboarding.ziti.zitiql.Ast.BoolExpr;
import org.onboarding.ziti.zitiql.Ast.Literal;
import org.onboarding.ziti.zitiql.ZitiQlLexer.Token;
import org.onboarding.ziti.zitiql.ZitiQlLexer.Type;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Hand-written recursive-descent parser for upstream's ZitiQL grammar ({@code ZitiQl.g4}).
 *
 * <p>Grouping follows the parser ANTLR generates from that grammar, not textbook precedence: the right operand of
 * {@code and}/{@code or} and the operand of {@code not} extend to the end of the enclosing parentheses, so
 * {@code a and b or c} is {@code a and (b or c)} and {@code not a and b} is {@code not (a and b)}.
 */
public final class ZitiQlParser {

    private static final Set<Type> ORDERING = EnumSet.of(Type.STRING, Type.NUMBER, Type.DATETIME);
    private static final Set<Type> EQUALITY = EnumSet.of(Type.STRING, Type.NUMBER, Type.DATETIME, Type.BOOL, Type.NULL);

    private final List<Token> tokens;
    private int pos;

    private ZitiQlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole filter; throws {@link FilterException} on any lexical or syntax error. */
    public static Ast.Query parse(String filter) {
        ZitiQlParser parser = new ZitiQlParser(ZitiQlLexer.tokenize(filter));
        parser.skipWs();
        Ast.Query query = parser.query();
        parser.skipWs();
        parser.expect(Type.EOF);
        return query;
    }

    /** Parses the list of an undocumented {@code sort} query parameter: {@code f [asc|desc], ...}. */
    public static List<Ast.SortField> parseSortList(String sort) {
        ZitiQlParser parser = new ZitiQlParser(ZitiQlLexer.tokenize(sort));
        parser.skipWs();
        List<Ast.SortField> fields = parser.sortFields();
        parser.skipWs();
        parser.expect(Type.EOF);
        return fields;
    }

    private Ast.Query query() {
        BoolExpr predicate = null;
        boolean needWs = false;
        Type first = peek().type();
        if (first != Type.SORT && first != Type.SKIP && first != Type.LIMIT) {
            predicate = boolExpr();
            needWs = true;
        }
        List<Ast.SortField> sortBy = List.of();
        Long skip = null;
        Long limit = null;
        if (atClause(Type.SORT, needWs)) {
            advance();
            requireWs();
            expect(Type.BY);
            requireWs();
            sortBy = sortFields();
            needWs = true;
        }
        if (atClause(Type.SKIP, needWs)) {
            advance();
            requireWs();
            skip = integer(expect(Type.NUMBER), "skip");
            needWs = true;
        }
        if (atClause(Type.LIMIT, needWs)) {
            advance();
            requireWs();
            Token t = peek();
            if (t.type() == Type.NONE) {
                advance();
                limit = -1L;
            } else {
                limit = integer(expect(Type.NUMBER), "limit");
            }
        }
        return new Ast.Query(predicate, sortBy, skip, limit);
    }

    private List<Ast.SortField> sortFields() {
        List<Ast.SortField> fields = new ArrayList<>();
        fields.add(sortField());
        while (true) {
            int mark = pos;
            skipWs();
            if (peek().type() != Type.COMMA) {
                pos = mark;
                return fields;
            }
            advance();
            skipWs();
            fields.add(sortField());
        }
    }

    private Ast.SortField sortField() {
        String name = (String) expect(Type.IDENTIFIER).value();
        int mark = pos;
        if (skipWs() > 0 && (peek().type() == Type.ASC || peek().type() == Type.DESC)) {
            return new Ast.SortField(name, advance().type() == Type.DESC);
        }
        pos = mark;
        return new Ast.SortField(name, false);
    }

    private BoolExpr boolExpr() {
        BoolExpr left = primary();
        int mark = pos;
        if (skipWs() > 0) {
            Type t = peek().type();
            if (t == Type.AND || t == Type.OR) {
                advance();
                requireWs();
                BoolExpr right = boolExpr();
                return t == Type.AND ? new Ast.And(left, right) : new Ast.Or(left, right);
            }
        }
        pos = mark;
        return left;
    }

    private BoolExpr primary() {
        Token t = peek();
        switch (t.type()) {
            case LPAREN -> {
                advance();
                skipWs();
                BoolExpr inner = boolExpr();
                skipWs();
                expect(Type.RPAREN);
                return inner;
            }
            case NOT -> {
                advance();
                requireWs();
                return new Ast.Not(boolExpr());
            }
            case BOOL -> {
                advance();
                return new Ast.BoolConst((Boolean) t.value());
            }
            case ISEMPTY, ALL_OF, ANY_OF, COUNT -> throw new FilterException(
                    "set function " + t.text() + " is not supported: this resource has no set-valued fields");
            case IDENTIFIER -> {
                advance();
                return operation((String) t.value());
            }
            default -> throw unexpected(t);
        }
    }

    private BoolExpr operation(String field) {
        int mark = pos;
        int ws = skipWs();
        Token op = peek();
        switch (op.type()) {
            case IN, NOT_IN -> {
                if (ws == 0) {
                    throw unexpected(op);
                }
                advance();
                requireWs();
                return new Ast.In(field, op.type() == Type.NOT_IN, array());
            }
            case BETWEEN, NOT_BETWEEN -> {
                if (ws == 0) {
                    throw unexpected(op);
                }
                advance();
                requireWs();
                Token low = peek();
                if (low.type() != Type.NUMBER && low.type() != Type.DATETIME) {
                    throw unexpected(low);
                }
                advance();
                requireWs();
                expect(Type.AND);
                requireWs();
                Token high = expect(low.type());
                return new Ast.Between(field, op.type() == Type.NOT_BETWEEN, literal(low), literal(high));
            }
            case LT, LE, GT, GE, EQ, NE -> {
                advance();
                skipWs();
                Token value = peek();
                Set<Type> allowed = op.type() == Type.EQ || op.type() == Type.NE ? EQUALITY : ORDERING;
                if (!allowed.contains(value.type())) {
                    throw unexpected(value);
                }
                advance();
                return new Ast.Compare(field, compareOp(op.type()), literal(value));
            }
            case CONTAINS, NOT_CONTAINS, ICONTAINS, NOT_ICONTAINS -> {
                advance();
                requireWs();
                Token value = peek();
                boolean ignoreCase = op.type() == Type.ICONTAINS || op.type() == Type.NOT_ICONTAINS;
                if (value.type() != Type.STRING && (ignoreCase || value.type() != Type.NUMBER)) {
                    throw unexpected(value);
                }
                advance();
                boolean negated = op.type() == Type.NOT_CONTAINS || op.type() == Type.NOT_ICONTAINS;
                return new Ast.Contains(field, negated, ignoreCase, literal(value));
            }
            default -> {
                pos = mark;
                return new Ast.BoolSymbol(field);
            }
        }
    }

    /** Non-empty, one element type only: strings, numbers or datetimes. */
    private List<Literal> array() {
        expect(Type.LBRACKET);
        skipWs();
        Token first = peek();
        if (first.type() != Type.STRING && first.type() != Type.NUMBER && first.type() != Type.DATETIME) {
            throw unexpected(first);
        }
        advance();
        List<Literal> values = new ArrayList<>();
        values.add(literal(first));
        while (true) {
            skipWs();
            if (peek().type() == Type.RBRACKET) {
                advance();
                return values;
            }
            expect(Type.COMMA);
            skipWs();
            values.add(literal(expect(first.type())));
        }
    }

    private static Literal literal(Token t) {
        return switch (t.type()) {
            case STRING -> new Ast.StringLit((String) t.value());
            case NUMBER -> t.value() instanceof Long l ? new Ast.IntLit(l) : new Ast.FloatLit((Double) t.value());
            case DATETIME -> new Ast.DatetimeLit((OffsetDateTime) t.value());
            case BOOL -> new Ast.BoolLit((Boolean) t.value());
            case NULL -> new Ast.NullLit();
            default -> throw unexpected(t);
        };
    }

    private static Ast.CompareOp compareOp(Type type) {
        return switch (type) {
            case LT -> Ast.CompareOp.LT;
            case LE -> Ast.CompareOp.LE;
            case GT -> Ast.CompareOp.GT;
            case GE -> Ast.CompareOp.GE;
            case EQ -> Ast.CompareOp.EQ;
            default -> Ast.CompareOp.NE;
        };
    }

    private static long integer(Token number, String clause) {
        if (number.value() instanceof Long l) {
            return l;
        }
        throw new FilterException(clause + " value must be an integer, got " + number.text());
    }

    private boolean atClause(Type type, boolean needWs) {
        int mark = pos;
        int ws = skipWs();
        if (peek().type() == type && (!needWs || ws > 0)) {
            return true;
        }
        pos = mark;
        return false;
    }

    private int skipWs() {
        int count = 0;
        while (peek().type() == Type.WS) {
            count += (Integer) advance().value();
        }
        return count;
    }

    private void requireWs() {
        if (skipWs() == 0) {
            throw unexpected(peek());
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token advance() {
        return tokens.get(pos++);
    }

    private Token expect(Type type) {
        Token t = peek();
        if (t.type() != type) {
            throw unexpected(t);
        }
        return advance();
    }

    private static FilterException unexpected(Token t) {
        return new FilterException("Unexpected symbol: \"" + t.text() + "\" at line: " + t.line() + " column: "
                + t.column() + ". line: " + t.line() + ", column: " + t.column() + ", symbol: " + t.text());
    }
}
