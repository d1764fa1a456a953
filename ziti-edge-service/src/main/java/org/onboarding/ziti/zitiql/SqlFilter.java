package org.onboarding.ziti.zitiql;

import lombok.Getter;
import org.onboarding.ziti.zitiql.Ast.BoolExpr;
import org.onboarding.ziti.zitiql.Ast.Literal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A filter translated to PostgreSQL: a WHERE condition and an ORDER BY list built only from whitelisted column
 * expressions, with every literal bound as a positional parameter ({@code $1, $2, ...}).
 *
 * <p>Upstream semantics for missing values are two-valued: a comparison with a missing value is false, except
 * {@code !=}, {@code not contains}, {@code not icontains} (and the other negated operators), which are true. Every leaf
 * is therefore made NULL-free so that {@code not} behaves as upstream, in a form an index can serve: {@code (condition
 * AND column IS NOT NULL)} rather than a function around the column (README, "Counts and indexes of lists"). Strings
 * compare in byte order ({@code COLLATE "C"}) for equality as well as ranges, so one {@code COLLATE "C"} index per field
 * serves its filters and its sort; equality is unchanged by that, the database collation being deterministic.
 */
public final class SqlFilter {

    /** Upstream uses at most this many sort fields and silently drops the rest. */
    static final int MAX_SORT_FIELDS = 5;

    private final FilterableFields fields;
    @Getter
    private final List<Object> params;
    @Getter
    private final String where;
    /** True when there is no predicate at all, so the condition is the constant {@code TRUE}. */
    @Getter
    private final boolean unfiltered;
    @Getter
    private final String orderBy;

    private SqlFilter(FilterableFields fields, List<Object> params, Ast.Query query, List<Ast.SortField> sort) {
        this.fields = fields;
        this.params = params;
        this.unfiltered = query == null || query.predicate() == null;
        this.where = unfiltered ? "TRUE" : expr(query.predicate());
        this.orderBy = orderBy(sort);
    }

    /**
     * @param params the parameter list to append to (callers may already have bound some)
     * @param sort   the effective sort list (the filter's {@code sort by}, else the {@code sort} query param)
     */
    public static SqlFilter translate(Ast.Query query, List<Ast.SortField> sort, FilterableFields fields,
                                      List<Object> params) {
        return new SqlFilter(fields, params, query, sort);
    }

    private String bind(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    private String expr(BoolExpr e) {
        if (e instanceof Ast.And and) {
            return "(" + expr(and.left()) + " AND " + expr(and.right()) + ")";
        } else if (e instanceof Ast.Or or) {
            return "(" + expr(or.left()) + " OR " + expr(or.right()) + ")";
        } else if (e instanceof Ast.Not not) {
            return "(NOT " + expr(not.operand()) + ")";
        } else if (e instanceof Ast.BoolConst c) {
            return c.value() ? "TRUE" : "FALSE";
        } else if (e instanceof Ast.BoolSymbol s) {
            return boolSymbol(s);
        } else if (e instanceof Ast.Compare c) {
            return compare(c);
        } else if (e instanceof Ast.In in) {
            return in(in);
        } else if (e instanceof Ast.Between b) {
            return between(b);
        }
        return contains((Ast.Contains) e);
    }

    /** A column or tag value as an SQL expression, typed by the literal when the field is a tag. */
    private record Operand(String sql, FieldType type) {
    }

    private Operand operand(String symbol, Literal literal) {
        if (symbol.startsWith("tags.") && fields.lookup("tags") != null) {
            String tags = fields.lookup("tags").column() + "::jsonb";
            String key = bind(symbol.substring("tags.".length())) + "::text";
            String node = tags + " -> " + key;
            if (literal instanceof Ast.StringLit) {
                return new Operand(
                        "(CASE WHEN jsonb_typeof(" + node + ") = 'string' THEN " + tags + " ->> " + key + " END)",
                        FieldType.STRING);
            } else if (literal instanceof Ast.IntLit || literal instanceof Ast.FloatLit) {
                return new Operand("(CASE WHEN jsonb_typeof(" + node + ") = 'number' THEN (" + tags + " ->> " + key
                        + ")::numeric END)", FieldType.NUMBER);
            } else if (literal instanceof Ast.BoolLit) {
                return new Operand(
                        "(CASE WHEN jsonb_typeof(" + node + ") = 'boolean' THEN (" + tags + " ->> " + key + ")::boolean END)",
                        FieldType.BOOL);
            } else if (literal instanceof Ast.NullLit) {
                return new Operand(
                        "(CASE WHEN jsonb_typeof(" + node + ") <> 'null' THEN " + tags + " ->> " + key + " END)",
                        FieldType.TAGS);
            }
            throw unsupported(symbol, "=", literal, FieldType.TAGS);
        }
        FilterableFields.Field field = fields.lookup(symbol);
        if (field == null || field.type() == FieldType.TAGS) {
            throw new FilterException("unknown symbol '" + symbol + "'");
        }
        return new Operand(field.column(), field.type());
    }

    private String boolSymbol(Ast.BoolSymbol s) {
        Operand op = operand(s.field(), new Ast.BoolLit(true));
        if (op.type() != FieldType.BOOL) {
            throw new FilterException("symbol '" + s.field() + "' is not a boolean and cannot be used as a predicate");
        }
        return nullSafe(op, op.sql());
    }

    private String compare(Ast.Compare c) {
        Operand op = operand(c.field(), c.value());
        if (c.value() instanceof Ast.NullLit) {
            return c.op() == Ast.CompareOp.EQ ? "(" + op.sql() + " IS NULL)" : "(" + op.sql() + " IS NOT NULL)";
        }
        boolean ordering = c.op() != Ast.CompareOp.EQ && c.op() != Ast.CompareOp.NE;
        if (op.type() == FieldType.BOOL && ordering) {
            throw unsupported(c.field(), c.op().symbol, c.value(), op.type());
        }
        String value = value(c.field(), c.op().symbol, op.type(), c.value());
        String column = collated(op);
        String sqlOp = c.op() == Ast.CompareOp.NE ? "<>" : c.op().symbol;
        String condition = column + " " + sqlOp + " " + value;
        return c.op() == Ast.CompareOp.NE ? negatedNullSafe(op, condition) : nullSafe(op, condition);
    }

    private String in(Ast.In in) {
        Operand op = operand(in.field(), in.values().get(0));
        if (op.type() == FieldType.BOOL) {
            throw unsupported(in.field(), "in", in.values().get(0), op.type());
        }
        String list = in.values().stream()
                .map(v -> value(in.field(), "in", op.type(), v))
                .collect(Collectors.joining(", "));
        String condition = collated(op) + " IN (" + list + ")";
        return in.negated() ? negatedNullSafe(op, "NOT (" + condition + ")") : nullSafe(op, condition);
    }

    private String between(Ast.Between b) {
        Operand op = operand(b.field(), b.low());
        if (op.type() != FieldType.NUMBER && op.type() != FieldType.DATETIME) {
            throw unsupported(b.field(), "between", b.low(), op.type());
        }
        String low = value(b.field(), "between", op.type(), b.low());
        String high = value(b.field(), "between", op.type(), b.high());
        String condition = "(" + op.sql() + " >= " + low + " AND " + op.sql() + " < " + high + ")";
        return b.negated() ? negatedNullSafe(op, "NOT " + condition) : nullSafe(op, condition);
    }

    private String contains(Ast.Contains c) {
        Operand op = operand(c.field(), c.value());
        String opName = (c.negated() ? "not " : "") + (c.ignoreCase() ? "icontains" : "contains");
        if (op.type() != FieldType.STRING || !(c.value() instanceof Ast.StringLit)) {
            throw unsupported(c.field(), opName, c.value(), op.type());
        }
        String value = bind(((Ast.StringLit) c.value()).value());
        String condition = c.ignoreCase()
                ? "strpos(upper(" + op.sql() + "), upper(" + value + "::text)) > 0"
                : "strpos(" + op.sql() + ", " + value + "::text) > 0";
        return c.negated() ? negatedNullSafe(op, "NOT (" + condition + ")") : nullSafe(op, condition);
    }

    /** Binds a literal after checking it against the field type; the cast makes PostgreSQL infer the right type. */
    private String value(String field, String opSymbol, FieldType type, Literal literal) {
        Object bound = switch (type) {
            case STRING -> literal instanceof Ast.StringLit s ? s.value() : null;
            // numbers travel as text and are cast by PostgreSQL, so int64 and float64 mix as upstream allows
            case NUMBER -> literal instanceof Ast.IntLit i ? Long.toString(i.value())
                    : literal instanceof Ast.FloatLit f ? Double.toString(f.value()) : null;
            case DATETIME -> literal instanceof Ast.DatetimeLit d ? d.value() : null;
            case BOOL -> literal instanceof Ast.BoolLit b ? (Object) b.value() : null;
            case TAGS -> null;
        };
        if (bound == null) {
            throw unsupported(field, opSymbol, literal, type);
        }
        return bind(bound) + switch (type) {
            case STRING -> "::text";
            case NUMBER -> "::text::numeric";
            case DATETIME -> "::timestamptz";
            default -> "::boolean";
        };
    }

    /**
     * False where the column is missing: the condition is NULL only then, and {@code NULL AND FALSE} is false. Unlike
     * {@code COALESCE(condition, FALSE)} this leaves the condition itself visible to the planner, which matches it
     * against the column's index.
     */
    private static String nullSafe(Operand op, String condition) {
        return "(" + condition + " AND " + op.sql() + " IS NOT NULL)";
    }

    /** Strings in byte order, the order of upstream's store and of the {@code COLLATE "C"} indexes. */
    private static String collated(Operand op) {
        return op.type() == FieldType.STRING ? op.sql() + " COLLATE \"C\"" : op.sql();
    }

    private static String negatedNullSafe(Operand op, String condition) {
        return "(" + op.sql() + " IS NULL OR " + condition + ")";
    }

    private static FilterException unsupported(String field, String op, Literal literal, FieldType type) {
        return new FilterException("operation " + field + " " + op + " " + render(literal)
                + " is not supported with operands types " + type.typeName + ", " + literal.typeName());
    }

    private static String render(Literal literal) {
        if (literal instanceof Ast.StringLit s) {
            return "\"" + s.value() + "\"";
        } else if (literal instanceof Ast.IntLit i) {
            return Long.toString(i.value());
        } else if (literal instanceof Ast.FloatLit f) {
            return Double.toString(f.value());
        } else if (literal instanceof Ast.BoolLit b) {
            return Boolean.toString(b.value());
        } else if (literal instanceof Ast.DatetimeLit d) {
            return "datetime(" + d.value() + ")";
        }
        return "null";
    }

    private String orderBy(List<Ast.SortField> sort) {
        List<String> parts = new ArrayList<>();
        for (Ast.SortField s : sort.stream().limit(MAX_SORT_FIELDS).toList()) {
            FilterableFields.Field field = fields.lookup(s.field());
            if (field == null || field.type() == FieldType.TAGS) {
                // upstream accepts tags.x here and then fails with 500 at scan time; we reject it up front
                throw new FilterException("unknown or unsortable symbol '" + s.field() + "'");
            }
            String column = field.type() == FieldType.STRING ? field.column() + " COLLATE \"C\"" : field.column();
            parts.add(column + (s.descending() ? " DESC" : " ASC"));
        }
        // byte-order id is upstream's default order and always the final tie-breaker
        parts.add(fields.idColumn() + " COLLATE \"C\" ASC");
        return String.join(", ", parts);
    }
}
