package org.onboarding.ziti.zitiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenises a ZitiQL filter following the lexer rules of upstream's {@code ZitiQl.g4}: keywords are case-insensitive and
 * win only over identifiers of the same length, whitespace is a real token (the parser decides where it is required),
 * {@code datetime(} is lower-case only, identifiers have no digits.
 */
final class ZitiQlLexer {

    enum Type {
        WS, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA,
        AND, OR, NOT,
        LT, LE, GT, GE, EQ, NE,
        CONTAINS, NOT_CONTAINS, ICONTAINS, NOT_ICONTAINS, IN, NOT_IN, BETWEEN, NOT_BETWEEN,
        BOOL, NULL, STRING, NUMBER, DATETIME,
        ALL_OF, ANY_OF, COUNT, ISEMPTY,
        ASC, DESC, SORT, BY, SKIP, LIMIT, NONE, WHERE, FROM,
        IDENTIFIER, EOF
    }

    record Token(Type type, String text, Object value, int line, int column) {
    }

    private static final Map<String, Type> KEYWORDS = Map.ofEntries(
            Map.entry("and", Type.AND), Map.entry("or", Type.OR), Map.entry("not", Type.NOT),
            Map.entry("contains", Type.CONTAINS), Map.entry("icontains", Type.ICONTAINS),
            Map.entry("in", Type.IN), Map.entry("between", Type.BETWEEN),
            Map.entry("true", Type.BOOL), Map.entry("false", Type.BOOL), Map.entry("null", Type.NULL),
            Map.entry("allof", Type.ALL_OF), Map.entry("anyof", Type.ANY_OF), Map.entry("count", Type.COUNT),
            Map.entry("isempty", Type.ISEMPTY), Map.entry("asc", Type.ASC), Map.entry("desc", Type.DESC),
            Map.entry("sort", Type.SORT), Map.entry("by", Type.BY), Map.entry("skip", Type.SKIP),
            Map.entry("limit", Type.LIMIT), Map.entry("none", Type.NONE), Map.entry("where", Type.WHERE),
            Map.entry("from", Type.FROM));

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?(0|[1-9][0-9]*))?");
    private static final Pattern DATETIME = Pattern.compile(
            "datetime\\([ \\n\\t\\r]*([0-9]+-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[tT]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)"
                    + "(\\.[0-9]+)?([zZ]|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))[ \\n\\t\\r]*\\)");

    private final String input;
    private int pos;
    private int line = 1;
    private int column = 1;

    private ZitiQlLexer(String input) {
        this.input = input;
    }

    static List<Token> tokenize(String input) {
        return new ZitiQlLexer(input).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (pos < input.length()) {
            tokens.add(next());
        }
        tokens.add(new Token(Type.EOF, "<EOF>", null, line, column));
        return tokens;
    }

    private Token next() {
        char c = input.charAt(pos);
        int startLine = line;
        int startColumn = column;
        if (isWs(c)) {
            int start = pos;
            while (pos < input.length() && isWs(input.charAt(pos))) {
                advance(1);
            }
            return new Token(Type.WS, input.substring(start, pos), pos - start, startLine, startColumn);
        }
        switch (c) {
            case '(' -> {
                return single(Type.LPAREN);
            }
            case ')' -> {
                return single(Type.RPAREN);
            }
            case '[' -> {
                return single(Type.LBRACKET);
            }
            case ']' -> {
                return single(Type.RBRACKET);
            }
            case ',' -> {
                return single(Type.COMMA);
            }
            case '<', '>' -> {
                boolean eq = pos + 1 < input.length() && input.charAt(pos + 1) == '=';
                Type type = c == '<' ? (eq ? Type.LE : Type.LT) : (eq ? Type.GE : Type.GT);
                return emit(type, eq ? 2 : 1, null);
            }
            case '=' -> {
                return single(Type.EQ);
            }
            case '!' -> {
                if (pos + 1 < input.length() && input.charAt(pos + 1) == '=') {
                    return emit(Type.NE, 2, null);
                }
                throw unexpectedChar();
            }
            case '"' -> {
                return string();
            }
            case '\'' -> {
                return quotedIdentifier();
            }
            default -> {
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                if (isLetter(c)) {
                    return word();
                }
                throw unexpectedChar();
            }
        }
    }

    private Token word() {
        if (input.startsWith("datetime(", pos)) {
            Matcher m = DATETIME.matcher(input).region(pos, input.length());
            if (!m.lookingAt()) {
                throw new FilterException("Invalid datetime at line: " + line + " column: " + column);
            }
            String text = m.group();
            Object value = Datetimes.parse(m.group(1));
            return emit(Type.DATETIME, text.length(), value);
        }
        int end = identifierEnd(pos);
        String text = input.substring(pos, end);
        if (text.indexOf('.') < 0) {
            Type keyword = KEYWORDS.get(text.toLowerCase(Locale.ROOT));
            if (keyword == Type.NOT) {
                Token negated = negatedOperator(end);
                if (negated != null) {
                    return negated;
                }
            }
            if (keyword != null) {
                Object value = keyword == Type.BOOL ? Boolean.valueOf(text.equalsIgnoreCase("true")) : null;
                return emit(keyword, text.length(), value);
            }
        }
        return emit(Type.IDENTIFIER, text.length(), text);
    }

    /** The negated operators, longest first; upstream lexes each as one token. */
    private static final List<Map.Entry<String, Type>> NEGATABLE = List.of(
            Map.entry("icontains", Type.NOT_ICONTAINS), Map.entry("contains", Type.NOT_CONTAINS),
            Map.entry("between", Type.NOT_BETWEEN), Map.entry("in", Type.NOT_IN));

    /**
     * {@code not in} takes exactly one whitespace character; {@code not contains|icontains|between} take one or more.
     * As upstream's lexer takes the longest match of any rule, {@code not in} wins over the identifier {@code not} even
     * when letters follow: {@code not inField} is the operator {@code not in} then {@code Field}, a syntax error, never
     * {@code not (inField)}.
     */
    private Token negatedOperator(int afterNot) {
        int p = afterNot;
        while (p < input.length() && isWs(input.charAt(p))) {
            p++;
        }
        int wsCount = p - afterNot;
        if (wsCount == 0) {
            return null;
        }
        for (Map.Entry<String, Type> operator : NEGATABLE) {
            String word = operator.getKey();
            if (startsWithAsciiIgnoreCase(p, word) && (wsCount == 1 || operator.getValue() != Type.NOT_IN)) {
                return emit(operator.getValue(), p + word.length() - pos, null);
            }
        }
        return null;
    }

    /** ASCII case folding only, as the grammar's {@code [iI]} fragments: no dotless i, no long s, no Kelvin sign. */
    private boolean startsWithAsciiIgnoreCase(int at, String lowerCaseWord) {
        if (at + lowerCaseWord.length() > input.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseWord.length(); i++) {
            char c = input.charAt(at + i);
            if (!isLetter(c) || (char) (c | 0x20) != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int identifierEnd(int start) {
        int p = start + 1;
        while (p < input.length() && (isLetter(input.charAt(p)) || input.charAt(p) == '_')) {
            p++;
        }
        while (p + 1 < input.length() && input.charAt(p) == '.' && isLetter(input.charAt(p + 1))) {
            p += 2;
            while (p < input.length() && (isLetter(input.charAt(p)) || input.charAt(p) == '_' || input.charAt(p) == '-')) {
                p++;
            }
        }
        return p;
    }

    private Token quotedIdentifier() {
        // upstream lexes 'name' but keeps the quotes, so it never resolves; stripping them is a harmless improvement
        if (pos + 1 < input.length() && isLetter(input.charAt(pos + 1))) {
            int end = identifierEnd(pos + 1);
            if (end < input.length() && input.charAt(end) == '\'') {
                String name = input.substring(pos + 1, end);
                return emit(Type.IDENTIFIER, end + 1 - pos, name);
            }
        }
        throw unexpectedChar();
    }

    private Token number() {
        Matcher m = NUMBER.matcher(input).region(pos, input.length());
        if (!m.lookingAt()) {
            throw unexpectedChar();
        }
        String text = m.group();
        Object value;
        if (m.group(2) == null && m.group(3) == null) {
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                value = Double.parseDouble(text);
            }
        } else {
            value = Double.parseDouble(text);
        }
        return emit(Type.NUMBER, text.length(), value);
    }

    private Token string() {
        StringBuilder value = new StringBuilder();
        int p = pos + 1;
        while (true) {
            if (p >= input.length()) {
                throw new FilterException("Unterminated string at line: " + line + " column: " + column);
            }
            char c = input.charAt(p);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw new FilterException("Control character in string at line: " + line + " column: " + column);
            }
            if (c == '\\') {
                if (p + 1 >= input.length()) {
                    throw new FilterException("Invalid escape in string at line: " + line + " column: " + column);
                }
                char e = input.charAt(p + 1);
                switch (e) {
                    case '"' -> value.append('"');
                    case '\\' -> value.append('\\');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    default -> throw new FilterException("Invalid escape in string at line: " + line + " column: " + column);
                }
                p += 2;
                continue;
            }
            value.append(c);
            p++;
        }
        return emit(Type.STRING, p + 1 - pos, value.toString());
    }

    private Token single(Type type) {
        return emit(type, 1, null);
    }

    private Token emit(Type type, int length, Object value) {
        Token token = new Token(type, input.substring(pos, pos + length), value, line, column);
        advance(length);
        return token;
    }

    private void advance(int n) {
        for (int i = 0; i < n; i++) {
            if (input.charAt(pos) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            pos++;
        }
    }

    private FilterException unexpectedChar() {
        return new FilterException("token recognition error at: '" + input.charAt(pos) + "' line: " + line
                + " column: " + column);
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
