package org.onboarding.entitlement.cql;

import org.onboarding.entitlement.common.ApiException;

import java.util.ArrayList;
import java.util.List;

/**
 * A CQL 1.2 parser (the subset FOLIO's query parameter uses: booleans with precedence by position, parentheses,
 * {@code index relation term}, relation modifiers, {@code index rel (a or b)} shorthand, {@code sortBy}).
 * Written here because {@code org.z3950.zing:cql-java} 1.13 is not on Maven Central; the only copy there
 * ({@code org.dspace:cql-java:1.0}, 2004) predates {@code ==} and {@code sortBy}.
 */
public final class CqlParser {

    private static final List<String> SYMBOL_RELATIONS = List.of("==", "<>", "<=", ">=", "=", "<", ">");
    private static final List<String> WORD_RELATIONS = List.of("adj", "all", "any", "within", "encloses", "exact");

    private final String text;
    private int pos;
    private Token current;

    private record Token(Kind kind, String value) {
    }

    private enum Kind { WORD, QUOTED, SYMBOL, LPAREN, RPAREN, SLASH, EOF }

    private CqlParser(String text) {
        this.text = text;
        advance();
    }

    public static CqlNode.Query parse(String query) {
        if (query == null || query.isBlank()) {
            throw ApiException.cqlQuery("Failed to parse CQL query: query is empty");
        }
        try {
            CqlParser parser = new CqlParser(query);
            CqlNode root = parser.query(null, null);
            List<CqlNode.SortKey> sort = parser.sortBy();
            if (parser.current.kind != Kind.EOF) {
                throw parser.error("unexpected '" + parser.current.value + "'");
            }
            return new CqlNode.Query(root, sort);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.cqlQuery("Failed to parse CQL query: " + query);
        }
    }

    /** Bounds on nesting and size: a hostile query must be a 400, not a stack overflow in the parser or translator. */
    static final int MAX_DEPTH = 32;
    static final int MAX_CLAUSES = 256;
    private int depth;
    private int clauses;

    private CqlNode query(String index, String relation) {
        CqlNode left = clause(index, relation);
        while (current.kind == Kind.WORD && isBoolean(current.value)) {
            if (++clauses > MAX_CLAUSES) {
                throw ApiException.cqlQuery("Failed to parse CQL query: more than " + MAX_CLAUSES + " boolean operators");
            }
            CqlNode.BooleanOp op = CqlNode.BooleanOp.valueOf(current.value.toUpperCase());
            advance();
            skipModifiers();
            left = new CqlNode.Bool(op, left, clause(index, relation));
        }
        return left;
    }

    private CqlNode clause(String index, String relation) {
        if (current.kind == Kind.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw ApiException.cqlQuery("Failed to parse CQL query: parentheses nested deeper than " + MAX_DEPTH);
            }
            advance();
            CqlNode inner = query(index, relation);
            expect(Kind.RPAREN);
            depth--;
            return inner;
        }
        if (current.kind != Kind.WORD && current.kind != Kind.QUOTED) {
            throw error("expected index or term, got '" + current.value + "'");
        }
        Token first = current;
        advance();
        String rel = relationAhead();
        if (rel == null) {
            // a bare term: inherits the index and relation of an enclosing "index rel ( ... )"
            return new CqlNode.Clause(index == null ? "cql.serverChoice" : index, relation == null ? "=" : relation,
                    List.of(), first.value);
        }
        if (first.kind != Kind.WORD) {
            throw error("index must not be quoted");
        }
        advance();
        List<String> modifiers = new ArrayList<>();
        while (current.kind == Kind.SLASH) {
            advance();
            modifiers.add(wordOrQuoted());
        }
        if (current.kind == Kind.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw ApiException.cqlQuery("Failed to parse CQL query: parentheses nested deeper than " + MAX_DEPTH);
            }
            advance();
            CqlNode inner = query(first.value, rel);
            expect(Kind.RPAREN);
            depth--;
            return inner;
        }
        if (current.kind != Kind.WORD && current.kind != Kind.QUOTED) {
            throw error("expected term, got '" + current.value + "'");
        }
        if (current.kind == Kind.WORD && (isBoolean(current.value) || current.value.equalsIgnoreCase("sortBy"))) {
            throw error("a keyword cannot be a term unquoted: '" + current.value + "'");
        }
        String term = current.value;
        advance();
        return new CqlNode.Clause(first.value, rel, List.copyOf(modifiers), term);
    }

    private String relationAhead() {
        if (current.kind == Kind.SYMBOL) {
            return current.value;
        }
        if (current.kind == Kind.WORD && WORD_RELATIONS.contains(current.value.toLowerCase())) {
            return current.value.toLowerCase();
        }
        return null;
    }

    private List<CqlNode.SortKey> sortBy() {
        List<CqlNode.SortKey> keys = new ArrayList<>();
        if (current.kind == Kind.WORD && current.value.equalsIgnoreCase("sortBy")) {
            advance();
            while (current.kind == Kind.WORD) {
                String index = current.value;
                advance();
                boolean descending = false;
                while (current.kind == Kind.SLASH) {
                    advance();
                    String modifier = wordOrQuoted();
                    if (modifier.equalsIgnoreCase("sort.descending")) {
                        descending = true;
                    } else if (!modifier.equalsIgnoreCase("sort.ascending")) {
                        throw ApiException.cqlQuery("Unsupported sort modifier: " + modifier);
                    }
                }
                keys.add(new CqlNode.SortKey(index, descending));
            }
            if (keys.isEmpty()) {
                throw error("sortBy without sort keys");
            }
        }
        return keys;
    }

    private void skipModifiers() {
        while (current.kind == Kind.SLASH) {
            advance();
            wordOrQuoted();
            if (current.kind == Kind.SYMBOL) {
                advance();
                wordOrQuoted();
            }
        }
    }

    private String wordOrQuoted() {
        if (current.kind != Kind.WORD && current.kind != Kind.QUOTED) {
            throw error("expected modifier");
        }
        String value = current.value;
        advance();
        return value;
    }

    private static boolean isBoolean(String word) {
        return switch (word.toLowerCase()) {
            case "and", "or", "not", "prox" -> true;
            default -> false;
        };
    }

    private void expect(Kind kind) {
        if (current.kind != kind) {
            throw error("expected " + kind + ", got '" + current.value + "'");
        }
        advance();
    }

    private ApiException error(String detail) {
        return ApiException.cqlQuery("Failed to parse CQL query: " + detail);
    }

    private void advance() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= text.length()) {
            current = new Token(Kind.EOF, "EOF");
            return;
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            current = new Token(Kind.LPAREN, "(");
        } else if (c == ')') {
            pos++;
            current = new Token(Kind.RPAREN, ")");
        } else if (c == '/') {
            pos++;
            current = new Token(Kind.SLASH, "/");
        } else if (c == '"') {
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated quoted term");
                }
                char q = text.charAt(pos++);
                if (q == '\\' && pos < text.length()) {
                    // keep the escape: the translator gives \* \? \" their literal meaning
                    value.append(q).append(text.charAt(pos++));
                } else if (q == '"') {
                    break;
                } else {
                    value.append(q);
                }
            }
            current = new Token(Kind.QUOTED, value.toString());
        } else {
            for (String symbol : SYMBOL_RELATIONS) {
                if (text.startsWith(symbol, pos)) {
                    pos += symbol.length();
                    current = new Token(Kind.SYMBOL, symbol);
                    return;
                }
            }
            int start = pos;
            while (pos < text.length()) {
                char w = text.charAt(pos);
                if (Character.isWhitespace(w) || "()/<>=\"".indexOf(w) >= 0) {
                    break;
                }
                pos++;
            }
            current = new Token(Kind.WORD, text.substring(start, pos));
        }
    }
}
