package org.onboarding.ziti.zitiql;

import java.util.ArrayList;
import java.util.List;

/**
 * One list request resolved the way upstream does it: the filter's {@code limit}/{@code skip} win over the query
 * string's {@code limit}/{@code offset}, then limits and offsets are clamped (§4.5 of the contract).
 */
public record ListQuery(SqlFilter sql, long limit, long offset) {

    public static final long DEFAULT_LIMIT = 10;
    public static final long MAX_LIMIT = 500;
    public static final long MAX_OFFSET = 100_000;
    /** What upstream reports in {@code meta.pagination.limit} for {@code limit none} / {@code limit=-1}. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /**
     * @throws FilterException       for a bad filter (400 INVALID_FILTER)
     * @throws InvalidSortException  for a bad {@code sort} query parameter (400 INVALID_SORT_IDENTIFIER)
     */
    public static ListQuery of(String filter, Long queryLimit, Long queryOffset, String sortParam,
                               FilterableFields fields, List<Object> params) {
        Ast.Query query = filter == null || filter.isBlank() ? null : ZitiQlParser.parse(filter);
        List<Ast.SortField> sort = query == null ? List.of() : query.sortBy();
        if (sort.isEmpty() && sortParam != null && !sortParam.isBlank()) {
            try {
                sort = ZitiQlParser.parseSortList(sortParam);
                SqlFilter.translate(null, sort, fields, new ArrayList<>());
            } catch (FilterException e) {
                throw new InvalidSortException(e.getMessage());
            }
        }
        SqlFilter sql = SqlFilter.translate(query, sort, fields, params);

        long limit = query != null && query.limit() != null ? query.limit() : queryLimit == null ? 0 : queryLimit;
        long offset = query != null && query.skip() != null ? query.skip() : queryOffset == null ? 0 : queryOffset;
        if (limit == -1) {
            limit = UNLIMITED;
        } else if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        } else if (limit > MAX_LIMIT) {
            limit = MAX_LIMIT;
        }
        offset = Math.min(Math.max(offset, 0), MAX_OFFSET);
        return new ListQuery(sql, limit, offset);
    }

    public String where() {
        return sql.where();
    }

    /** True when the filter has no predicate: every row matches (a sort, limit or skip alone). */
    public boolean unfiltered() {
        return sql.unfiltered();
    }

    public String orderBy() {
        return sql.orderBy();
    }

    public List<Object> params() {
        return sql.params();
    }

    /** The SQL paging suffix; both numbers are clamped longs, never caller text. */
    public String pagingClause() {
        return (limit == UNLIMITED ? "" : " LIMIT " + limit) + " OFFSET " + offset;
    }
}
