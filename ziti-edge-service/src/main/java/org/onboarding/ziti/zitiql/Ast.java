package org.onboarding.ziti.zitiql;

import lombok.RequiredArgsConstructor;
import java.time.OffsetDateTime;
import java.util.List;

/** The parsed form of a ZitiQL filter. Literals keep their lexical type: the field's type decides what is legal. */
public final class Ast {
    private Ast() {
    }

    /** {@code [predicate] [sort by ...] [skip N] [limit N|none]}; {@code limit} of -1 means {@code none}. */
    public record Query(BoolExpr predicate, List<SortField> sortBy, Long skip, Long limit) {
    }

    public record SortField(String field, boolean descending) {
    }

    public sealed interface BoolExpr permits And, Or, Not, BoolConst, BoolSymbol, Compare, In, Between, Contains {
    }

    public record And(BoolExpr left, BoolExpr right) implements BoolExpr {
    }

    public record Or(BoolExpr left, BoolExpr right) implements BoolExpr {
    }

    public record Not(BoolExpr operand) implements BoolExpr {
    }

    public record BoolConst(boolean value) implements BoolExpr {
    }

    /** A bare identifier used as a predicate, e.g. {@code isSystem}. */
    public record BoolSymbol(String field) implements BoolExpr {
    }

    @RequiredArgsConstructor
    public enum CompareOp {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;
    }

    public record Compare(String field, CompareOp op, Literal value) implements BoolExpr {
    }

    public record In(String field, boolean negated, List<Literal> values) implements BoolExpr {
    }

    /** Half-open: {@code low <= field < high}, as upstream. */
    public record Between(String field, boolean negated, Literal low, Literal high) implements BoolExpr {
    }

    public record Contains(String field, boolean negated, boolean ignoreCase, Literal value) implements BoolExpr {
    }

    public sealed interface Literal permits StringLit, IntLit, FloatLit, BoolLit, NullLit, DatetimeLit {
        String typeName();
    }

    public record StringLit(String value) implements Literal {
        public String typeName() {
            return "string";
        }
    }

    public record IntLit(long value) implements Literal {
        public String typeName() {
            return "number";
        }
    }

    public record FloatLit(double value) implements Literal {
        public String typeName() {
            return "number";
        }
    }

    public record BoolLit(boolean value) implements Literal {
        public String typeName() {
            return "bool";
        }
    }

    public record NullLit() implements Literal {
        public String typeName() {
            return "null";
        }
    }

    public record DatetimeLit(OffsetDateTime value) implements Literal {
        public String typeName() {
            return "date";
        }
    }
}
