package org.onboarding.ziti.api;

import org.onboarding.ziti.zitiql.FilterableFields;
import org.onboarding.ziti.zitiql.ListQuery;

import java.util.regex.Pattern;

/**
 * Where one ZitiQL list reads its rows, and how it counts them (README, "Counts and indexes of lists").
 *
 * @param select       starts with {@code SELECT} and ends with its FROM/JOIN part
 * @param from         the bare FROM part the count uses; it covers every column the filter can name
 * @param fields       the filter whitelist
 * @param countedTable the table whose trigger-maintained count ({@code ziti_row_count}) is the unfiltered total,
 *                     or null when {@code from} is not that whole table (a scope, a join that drops rows)
 */
public record ListSource(String select, String from, FilterableFields fields, String countedTable) {

    private static final Pattern TABLE = Pattern.compile("[a-z_]+");
    private static final String TOTAL_COUNT = "total_count_";

    public ListSource {
        if (!select.startsWith("SELECT ")) {
            throw new IllegalArgumentException("select must start with SELECT: " + select);
        }
        if (countedTable != null && !TABLE.matcher(countedTable).matches()) {
            throw new IllegalArgumentException("not a table name: " + countedTable);
        }
    }

    /** Every row of {@code table} (aliased {@code alias}), counted by its maintained counter. */
    public static ListSource table(String table, String alias, FilterableFields fields) {
        String from = "FROM " + table + " " + alias;
        return new ListSource("SELECT " + alias + ".* " + from, from, fields, table);
    }

    /** A list over a scope or join: the count is always {@code count(*)} with the filter. */
    public static ListSource scoped(String select, String from, FilterableFields fields) {
        return new ListSource(select, from, fields, null);
    }

    /**
     * The statement that reads the total: without a filter predicate and over a whole counted table, the sum of its
     * counter stripes (kept in the writing transaction by triggers); else {@code count(*)} with the filter, which the
     * per-field indexes make an index scan of the matching rows.
     */
    public String countSql(ListQuery query) {
        if (countedTable != null && query.unfiltered()) {
            return "SELECT COALESCE(sum(n), 0)::bigint FROM ziti_row_count WHERE table_name = '" + countedTable + "'";
        }
        return "SELECT count(*) " + from + " WHERE " + query.where();
    }

    /**
     * The page with its total in one statement, so both come from one snapshot: the count is an uncorrelated scalar
     * subquery (a PostgreSQL InitPlan, run once), the page keeps its own ORDER BY/LIMIT and so its index range scan.
     */
    public String pageSql(ListQuery query) {
        String head = "SELECT (" + countSql(query) + ") AS " + TOTAL_COUNT + ", " + select.substring("SELECT ".length());
        if (query.offset() > 0 && countedTable != null) {
            // a page deep in a whole table: the skipped rows are walked in the narrowest index (ids only, through
            // the bare FROM), and only the page's own rows are read with their columns and joins
            String id = fields.idColumn();
            return head + " WHERE " + id + " IN (SELECT " + id + " " + from + " WHERE " + query.where() + " ORDER BY "
                    + query.orderBy() + query.pagingClause() + ") ORDER BY " + query.orderBy();
        }
        return head + " WHERE " + query.where() + " ORDER BY " + query.orderBy() + query.pagingClause();
    }

    static String totalCountColumn() {
        return TOTAL_COUNT;
    }
}
