package org.onboarding.ziti.zitiql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grammar-level behaviour: upstream's grouping, clause order, whitespace rules, and values never reaching SQL text. */
class ZitiQlParserTest {

    @Test
    void andBindsItsRightHandSideToTheEndAsUpstream() {
        Ast.BoolExpr e = ZitiQlParser.parse("a = 1 and b = 2 or c = 3").predicate();
        Ast.And and = assertInstanceOf(Ast.And.class, e);
        assertInstanceOf(Ast.Compare.class, and.left());
        assertInstanceOf(Ast.Or.class, and.right());
    }

    @Test
    void orBindsItsRightHandSideToTheEndAsUpstream() {
        Ast.Or or = assertInstanceOf(Ast.Or.class, ZitiQlParser.parse("a = 1 or b = 2 and c = 3").predicate());
        assertInstanceOf(Ast.And.class, or.right());
    }

    @Test
    void notCoversTheRestOfTheExpression() {
        Ast.Not not = assertInstanceOf(Ast.Not.class, ZitiQlParser.parse("not a = 1 and b = 2").predicate());
        assertInstanceOf(Ast.And.class, not.operand());
    }

    @Test
    void clausesWithoutPredicateAndLimitNone() {
        Ast.Query q = ZitiQlParser.parse("sort by createdAt desc, id skip 20 limit none");
        assertEquals(null, q.predicate());
        assertEquals(List.of(new Ast.SortField("createdAt", true), new Ast.SortField("id", false)), q.sortBy());
        assertEquals(20L, q.skip());
        assertEquals(-1L, q.limit());
    }

    @Test
    void keywordsAreCaseInsensitiveButDatetimeIsNot() {
        Ast.Query q = ZitiQlParser.parse("x = TRUE AND y In [\"a\"] SORT BY x DESC LIMIT 3");
        assertEquals(3L, q.limit());
        assertThrows(FilterException.class, () -> ZitiQlParser.parse("x = DATETIME(2026-01-01T00:00:00Z)"));
    }

    @Test
    void notInTakesExactlyOneWhitespace() {
        Ast.In in = assertInstanceOf(Ast.In.class, ZitiQlParser.parse("x not in [1, 2]").predicate());
        assertTrue(in.negated());
        assertThrows(FilterException.class, () -> ZitiQlParser.parse("x not  in [1]"));
        Ast.Contains c = assertInstanceOf(Ast.Contains.class, ZitiQlParser.parse("x not   contains \"a\"").predicate());
        assertTrue(c.negated());
        assertFalse(c.ignoreCase());
    }

    /** Found by the ZitiQL oracle: upstream's lexer takes "not in" (and the other negated operators) greedily. */
    @ParameterizedTest
    @ValueSource(strings = {"not inField = 1", "not in_x = 1", "not in.x = 1", "NOT INdex = 1", "not\tinField",
            "a = 1 and not inField", "not containsAll = 1", "not icontainsX", "not betweenness = 1",
            "not contains_x = \"a\""})
    void notBeforeAWordStartingWithAnOperatorIsThatNegatedOperator(String filter) {
        FilterException e = assertThrows(FilterException.class, () -> ZitiQlParser.parse(filter));
        assertTrue(e.getMessage().startsWith("Unexpected symbol: \"") || e.getMessage().startsWith("token recognition"),
                e.getMessage());
    }

    @Test
    void notInNeedsExactlyOneWhitespaceCharacterSoTwoLeaveAnIdentifier() {
        Ast.Not not = assertInstanceOf(Ast.Not.class, ZitiQlParser.parse("not  inField = 1").predicate());
        assertEquals(new Ast.Compare("inField", Ast.CompareOp.EQ, new Ast.IntLit(1)), not.operand());
        assertInstanceOf(Ast.Not.class, ZitiQlParser.parse("not nothing").predicate());
        // only ASCII letters fold: a dotless i is not the i of "in"
        assertThrows(FilterException.class, () -> ZitiQlParser.parse("x not \u0131n [1]"));
    }

    /** Found by the ZitiQL oracle: the grammar allows any number of fraction digits; upstream keeps nanoseconds. */
    @Test
    void datetimeFractionsBeyondNanosecondsAreTruncated() {
        Ast.Compare c = assertInstanceOf(Ast.Compare.class,
                ZitiQlParser.parse("x = datetime(2026-01-01T00:00:00.1234567891234Z)").predicate());
        assertEquals(OffsetDateTime.parse("2026-01-01T00:00:00.123456789Z"), ((Ast.DatetimeLit) c.value()).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"name offset 5", "limit 2.5", "skip 1.5", "tags.env2 = \"x\"", "name = \"a\" and",
            "name in []", "name in [\"a\", 1]", "x = datetime(2026-02-30T00:00:00Z)", "x=1and y=2", "(x = 1",
            "x = \"unterminated", "x = \"bad \\q escape\"", "limit 1 skip 1", "sort by x, ", "x between 1 and \"b\"",
            "x icontains 3", "x contains true", "anyOf(x) = 1", "isEmpty(x)", "x < true", "x = null limit", "'x = 1",
            "1 = x", "x ! = 1", "x = 1 sort x", "", "x = 1 x = 2", "x in [datetime(2026-01-01T00:00:00Z), 1]"})
    void syntaxErrorsAreFilterExceptions(String filter) {
        if (filter.isEmpty()) {
            // an empty filter means "no filter" at the list level; the bare grammar rejects it
            assertThrows(FilterException.class, () -> ZitiQlParser.parse(filter));
            return;
        }
        assertThrows(FilterException.class, () -> ZitiQlParser.parse(filter));
    }

    @Test
    void literalsAreBoundNeverConcatenated() {
        FilterableFields fields = FilterableFields.withId("t.id").add("name", "t.name", FieldType.STRING)
                .add("tags", "t.tags", FieldType.TAGS);
        List<Object> params = new ArrayList<>();
        String evil = "x'); DROP TABLE identity; --";
        SqlFilter sql = SqlFilter.translate(ZitiQlParser.parse("name = \"" + evil + "\" or tags.a = \"" + evil + "\""),
                List.of(), fields, params);
        assertFalse(sql.where().contains("DROP"));
        assertTrue(params.contains(evil));
        assertEquals(List.of(evil, "a", evil), params);
    }

    @Test
    void unknownSymbolsAndSetFunctionsAreRejected() {
        FilterableFields fields = FilterableFields.withId("t.id");
        FilterException e = assertThrows(FilterException.class, () ->
                SqlFilter.translate(ZitiQlParser.parse("method = \"ott\""), List.of(), fields, new ArrayList<>()));
        assertEquals("unknown symbol 'method'", e.getMessage());
    }
}
