package org.onboarding.ziti.zitiql.oracle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test: our hand-written ZitiQL parser against the parser ANTLR generates from upstream's
 * {@code ZitiQl.g4}, over hand-picked edge cases plus seeded random filters. Both must agree on acceptance, and on
 * the meaning of what they accept (their trees reduced to one canonical {@link Sexp}). The grammar constructs our
 * parser rejects on purpose are listed in {@link UpstreamZitiQl}; for those ours must reject.
 *
 * <p>{@code -Dzitiql.oracle.seed=N} and {@code -Dzitiql.oracle.generated=N} replay or widen the random corpus.
 */
class ZitiQlOracleTest {

    private static final long SEED = Long.getLong("zitiql.oracle.seed", 20_261_204L);
    private static final int GENERATED = Integer.getInteger("zitiql.oracle.generated", 12_000);

    /** Hand-picked: valid forms, whitespace/keyword edges the lexer decides, and invalid input. */
    static final List<String> EDGE_CASES = List.of(
            // every operator, valid
            "name = \"a\"", "name != \"a\"", "name=\"a\"", "name   =   \"a\"", "n < 1", "n <= 1", "n > 1.5",
            "n >= -2e3", "n<1", "n>=1", "d < datetime(2026-01-01T00:00:00Z)", "d >= datetime( 2026-01-01T00:00:00.123+05:30 )",
            "b = true", "b != FALSE", "x = null", "x != NULL", "x = True", "x in [\"a\"]", "x in [\"a\", \"b\"]",
            "x in [1,2,3]", "x in [ 1 , 2 ]", "x in [datetime(2026-01-01T00:00:00Z)]", "x not in [1]",
            "x NOT IN [1]", "x not\tin [1]", "x not\nin [1]", "x between 1 and 2", "x not between 1 and 2",
            "x not   between 1 and 2", "x between datetime(2026-01-01T00:00:00Z) and datetime(2027-01-01T00:00:00Z)",
            "x contains \"a\"", "x contains 1", "x not contains \"a\"", "x icontains \"a\"", "x not icontains \"a\"",
            "x NOT\n\tCONTAINS \"a\"", "'x'contains \"a\"", "x\tcontains\t\"a\"", "isSystem", "true", "false",
            "not isSystem", "not true", "(true)", "((x = 1))", "( x = 1 )",
            // grouping as the generated parser groups it
            "a = 1 and b = 2 or c = 3", "a = 1 or b = 2 and c = 3", "not a = 1 and b = 2", "(a = 1 and b = 2) or c = 3",
            "a and b and c", "a or b or c", "a and (b or c) and d", "not not a", "not (a) or b", "(a) and not b or c",
            // clauses
            "sort by x", "sort by x asc", "sort by x desc, y", "sort by x,y", "sort by x , y DESC", "skip 1",
            "limit 1", "limit none", "limit NONE", "skip 1 limit 2", "sort by x skip 1 limit 2",
            "a = 1 sort by x limit 5", "a = 1 limit -1", "a = 1 skip 0", "limit -5", "skip -0",
            " a = 1 ", "\ta = 1\n", "\r\na = 1\r\n",
            // literals and escapes
            "x = \"\"", "x = \"\\\"\"", "x = \"\\\\\"", "x = \"\\n\\r\\t\\f\"", "x = \"é日本\uD83D\uDE00\"",
            "x = \"\u007f\"", "x = -0", "x = 0.0", "x = 1e400", "x = 9223372036854775808", "x = -9223372036854775808",
            "x = datetime(2024-02-29T00:00:00z)", "x = datetime(2026-01-01t00:00:00Z)",
            "x = datetime(2026-01-01T00:00:00.5-00:00)",
            // identifiers
            "a.b = 1", "a.b-c = 1", "a_b = 1", "tags.env = \"x\"", "'tags.a-b' = 1", "android = 1", "notes = 1",
            "nothing", "order", "sorted = 1", "limitless", "inbox", "datetime = 1", "not.x = 1", "in.x = 1",
            // the lexer's longest match: "not in" / "not contains" are one token even when a word follows
            "not inField = 1", "not in_x = 1", "not in.x = 1", "not inField", "not  inField = 1",
            "not containsAll = 1", "not contains_x", "not icontainsX", "not betweenness", "not betweenness = 1",
            "not\tinField", "not isEmptyish", "NOT INdex = 1", "a and not inx", "x not inx",
            // restricted on purpose
            "anyOf(x) = 1", "allOf(x) = \"a\"", "count(x) > 1", "isEmpty(x)", "isEmpty(from x where a = 1)",
            "count(from x where a = 1 limit 1) = 0", "x = datetime(2026-02-30T00:00:00Z)",
            "x = datetime(2026-01-01T23:59:60Z)", "x = datetime(12026-01-01T00:00:00Z)", "limit 2.5", "skip 1e2",
            "limit 9223372036854775808",
            // invalid
            "", " ", "x", "x =", "= 1", "1 = x", "x = 1 and", "and x = 1", "x = 1 or", "(x = 1", "x = 1)", "()",
            "x == 1", "x =! 1", "x ! = 1", "x <> 1", "x = \"a", "x = \"\\q\"", "x = \"\\u0041\"", "x = \"\\b\"",
            "x = \"tab\there\"", "x = 01", "x = 1.", "x = .5", "x = +1", "x in []", "x in [\"a\", 1]", "x in [1,]",
            "x in 1", "x in[1]", "x not  in [1]", "x notin [1]", "x between 1 and \"b\"", "x between 1", "xbetween 1 and 2",
            "x icontains 3", "x contains true", "x contains", "x containsa \"b\"", "x < true", "x < null",
            "x = DATETIME(2026-01-01T00:00:00Z)", "x = datetime (2026-01-01T00:00:00Z)",
            "x = datetime(2026-01-01 00:00:00Z)", "x = datetime(2026-01-01T00:00:00)", "x = datetime(2026-1-01T00:00:00Z)",
            "x = datetime(2026-01-01T24:00:00Z)", "x = datetime(2026-01-01T00:00:00+24:00)", "x = 2026-01-01T00:00:00Z",
            "x=1and y=2", "x = 1and y = 2", "x = 1 andy = 2", "x = 1 x = 2", "x = 1 sort x", "sort by", "sort x",
            "sort by x,", "sort by x, ", "sort by 'x", "limit 1 skip 1", "limit", "limit x", "skip none",
            "x = 1 limit", "x = 1limit 1", "'x = 1", "'x' = 1'", "''", "_x = 1", "x1 = 1", "-x = 1", "x. = 1",
            "a..b = 1", "x = \u00a01", "x\u00a0= 1", "not", "not x =", "nota", "not(x)", "not (x)", "true false",
            "x = [1]", "x in (1)", "x = \"a\" \"b\"", "where x = 1", "from x where y", "count", "anyOf(x)",
            "isEmpty x", "x = 1;", "x = 1 -- c", "x = 'a'", "x = \"a\"\u0000",
            // more corners: fractions beyond nanoseconds, big offsets, non-ASCII look-alikes of keyword letters
            "x = datetime(2026-01-01T00:00:00.1234567891234Z)", "x = datetime(2026-01-01T00:00:00+19:00)",
            "x = datetime(2026-01-01T00:00:00-18:00)", "x = datetime(0000-01-01T00:00:00Z)",
            "x = datetime(2026-01-01T00:00:00.Z)", "x not \u0131n [1]", "not \u0131nField = 1", "x = \"\uD800\"",
            "sort by x asc desc", "x in [true]", "xnot in [1]", "NOT(x)", "(not x)", "x contains\"a\"",
            "x not contains1", "x = 1e05", "x = 1.5e", "not\r\nin [1]", "x NOT\r\nIN [1]", "x \u212Aontains \"a\"");

    @Test
    void ourParserAgreesWithUpstreamsGrammar() {
        Set<String> corpus = new LinkedHashSet<>(EDGE_CASES);
        FilterGenerator generator = new FilterGenerator(SEED);
        while (corpus.size() < EDGE_CASES.size() + GENERATED) {
            corpus.add(generator.next());
        }

        Map<Verdict.Kind, Integer> upstreamKinds = new EnumMap<>(Verdict.Kind.class);
        List<String> disagreements = new ArrayList<>();
        for (String filter : corpus) {
            Verdict upstream = UpstreamZitiQl.parse(filter);
            Verdict ours = OurZitiQl.parse(filter);
            upstreamKinds.merge(upstream.kind(), 1, Integer::sum);
            if (!upstream.agreesWith(ours)) {
                disagreements.add(quote(filter) + "\n    upstream: " + upstream + "\n    ours:     " + ours);
            }
        }

        int size = corpus.size();
        assertTrue(size >= 10_000, "corpus too small: " + size);
        // the corpus must exercise both sides of the syntax and every deliberate restriction
        assertTrue(upstreamKinds.getOrDefault(Verdict.Kind.ACCEPTED, 0) > size / 3, upstreamKinds::toString);
        assertTrue(upstreamKinds.getOrDefault(Verdict.Kind.REJECTED, 0) > size / 10, upstreamKinds::toString);
        assertTrue(upstreamKinds.getOrDefault(Verdict.Kind.RESTRICTED, 0) > 50, upstreamKinds::toString);
        assertEquals(List.of(), disagreements.subList(0, Math.min(15, disagreements.size())),
                disagreements.size() + " of " + size + " filters disagree (" + upstreamKinds + ")");
    }

    @Test
    void theOracleItselfTellsTreesApart() {
        // the canonical form keeps grouping and literal types: a normaliser that erased them would agree on anything
        assertEquals(UpstreamZitiQl.parse("(a = 1 and b = 2) or c = 3").tree(),
                OurZitiQl.parse("(a = 1 and b = 2) or c = 3").tree());
        assertTrue(!UpstreamZitiQl.parse("a = 1 and (b = 2 or c = 3)").tree()
                .equals(OurZitiQl.parse("(a = 1 and b = 2) or c = 3").tree()));
        assertTrue(!UpstreamZitiQl.parse("a = 1").tree().equals(OurZitiQl.parse("a = \"1\"").tree()));
        assertTrue(!UpstreamZitiQl.parse("a = 1").tree().equals(OurZitiQl.parse("a = 1.0").tree()));
        assertEquals(Verdict.Kind.REJECTED, UpstreamZitiQl.parse("a = 1 and").kind());
        assertEquals(Verdict.Kind.REJECTED, UpstreamZitiQl.parse("a = 1 #").kind(), "a lexer error rejects");
        assertEquals(Verdict.Kind.RESTRICTED, UpstreamZitiQl.parse("anyOf(a) = 1").kind());
    }

    private static String quote(String s) {
        return Sexp.string(s);
    }
}
