package org.onboarding.ziti.zitiql.oracle;

import org.onboarding.ziti.zitiql.Ast;
import org.onboarding.ziti.zitiql.FilterException;
import org.onboarding.ziti.zitiql.ZitiQlParser;

import java.util.ArrayList;
import java.util.List;

/** Our parser and a normaliser from its {@link Ast} to {@link Sexp}. */
final class OurZitiQl {

    private OurZitiQl() {
    }

    static Verdict parse(String filter) {
        Ast.Query query;
        try {
            query = ZitiQlParser.parse(filter);
        } catch (FilterException e) {
            return Verdict.rejected(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return Verdict.crashed(e.toString());
        }
        return Verdict.accepted(query(query));
    }

    private static Sexp query(Ast.Query q) {
        Object predicate = q.predicate() == null ? Sexp.ABSENT : bool(q.predicate());
        List<Object> sort = q.sortBy().stream()
                .map(f -> (Object) Sexp.of(f.field(), f.descending() ? "desc" : "asc")).toList();
        return Sexp.of("query", predicate, Sexp.of("sort", sort),
                Sexp.of("skip", q.skip() == null ? Sexp.ABSENT : q.skip()),
                Sexp.of("limit", q.limit() == null ? Sexp.ABSENT : q.limit()));
    }

    private static Object bool(Ast.BoolExpr e) {
        if (e instanceof Ast.And and) {
            return Sexp.connective("and", List.of(bool(and.left()), bool(and.right())));
        } else if (e instanceof Ast.Or or) {
            return Sexp.connective("or", List.of(bool(or.left()), bool(or.right())));
        } else if (e instanceof Ast.Not not) {
            return Sexp.of("not", bool(not.operand()));
        } else if (e instanceof Ast.BoolConst c) {
            return Sexp.of(String.valueOf(c.value()));
        } else if (e instanceof Ast.BoolSymbol s) {
            return Sexp.of("symbol", s.field());
        } else if (e instanceof Ast.Compare c) {
            return Sexp.of(c.op().symbol, c.field(), literal(c.value()));
        } else if (e instanceof Ast.In in) {
            List<Object> args = new ArrayList<>();
            args.add(in.field());
            in.values().forEach(v -> args.add(literal(v)));
            return Sexp.of(in.negated() ? "not-in" : "in", args);
        } else if (e instanceof Ast.Between b) {
            return Sexp.of(b.negated() ? "not-between" : "between", b.field(), literal(b.low()), literal(b.high()));
        }
        Ast.Contains c = (Ast.Contains) e;
        String head = (c.negated() ? "not-" : "") + (c.ignoreCase() ? "icontains" : "contains");
        return Sexp.of(head, c.field(), literal(c.value()));
    }

    private static String literal(Ast.Literal literal) {
        if (literal instanceof Ast.StringLit s) {
            return Sexp.string(s.value());
        } else if (literal instanceof Ast.IntLit i) {
            return Sexp.integer(i.value());
        } else if (literal instanceof Ast.FloatLit f) {
            return Sexp.decimal(f.value());
        } else if (literal instanceof Ast.BoolLit b) {
            return Sexp.bool(b.value());
        } else if (literal instanceof Ast.DatetimeLit d) {
            return Sexp.datetime(d.value());
        }
        return Sexp.NULL;
    }
}
