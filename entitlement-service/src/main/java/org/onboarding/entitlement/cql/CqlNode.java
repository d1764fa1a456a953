package org.onboarding.entitlement.cql;

import java.util.List;

/** Our own CQL AST: the parser builds it, the translator walks it (never string concatenation of user input). */
public sealed interface CqlNode {

    enum BooleanOp { AND, OR, NOT, PROX }

    record Bool(BooleanOp op, CqlNode left, CqlNode right) implements CqlNode {
    }

    /** {@code index relation term}; a bare term has index {@code cql.serverChoice} and relation {@code =}. */
    record Clause(String index, String relation, List<String> modifiers, String term) implements CqlNode {
    }

    record SortKey(String index, boolean descending) {
    }

    record Query(CqlNode root, List<SortKey> sortKeys) {
    }
}
