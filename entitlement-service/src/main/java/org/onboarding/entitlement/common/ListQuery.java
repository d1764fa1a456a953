package org.onboarding.entitlement.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.onboarding.entitlement.cql.CqlSql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One CQL list endpoint over one table: the page and its exact {@code totalRecords}. The total comes from the page
 * itself when the page is its last, else from the counts the table's triggers maintain when the filter is one of
 * them, else from {@code count(*)} under the filter's own indexes (see README, List counts).
 *
 * @param table        the table, as its triggers name it in {@code list_count} (null: no maintained counts)
 * @param from         the FROM clause, the table possibly with an alias
 * @param columns      the SELECT list of a page
 * @param fields       the CQL fields and their columns
 * @param counted      the fields whose values have maintained counts
 * @param defaultOrder ORDER BY without sortBy
 * @param scope        the condition limiting rows to a scoped caller's tenants, {@code %s} standing for the bind
 *                     parameter holding the tenant names (null: the table is not scoped)
 */
public record ListQuery(String table, String from, String columns, Map<String, CqlSql.Field> fields, Set<String> counted,
                        String defaultOrder, String scope) {

    /** Rows within tenants named by {@code tenant_id}. */
    public static final String BY_TENANT_ID = "tenant_id IN (SELECT id FROM tenant WHERE name = ANY(%s))";

    public record Page<T>(List<T> items, long total) {
        /** The FOLIO list body: {@code totalRecords} and the items under their name. */
        public Map<String, Object> json(String name) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("totalRecords", total);
            body.put(name, items);
            return body;
        }
    }

    /** SQL with its bind parameters, {@code $1}.. in order. */
    public record Statement(String sql, List<Object> params) {
        public Tuple tuple() {
            return Tuple.tuple(new ArrayList<>(params));
        }
    }

    /** The same list with more columns. */
    public ListQuery withColumns(String more) {
        return new ListQuery(table, from, columns + more, fields, counted, defaultOrder, scope);
    }

    /** The page: the matching rows in CQL order; {@code tenantNames} null = every tenant. */
    public Statement page(String query, Set<String> tenantNames, int limit, int offset) {
        CqlSql.Sql cql = CqlSql.translate(query, fields, 1, defaultOrder);
        List<Object> params = new ArrayList<>(cql.params());
        String where = scoped(cql.where(), tenantNames, params);
        params.add(limit);
        params.add(offset);
        int n = params.size();
        return new Statement("SELECT " + columns + " FROM " + from + " WHERE " + where + " ORDER BY " + cql.orderBy()
                + " LIMIT $" + (n - 1) + " OFFSET $" + n, params);
    }

    /** The total of the query: a maintained count when there is one for this filter, else {@code count(*)}. */
    public Statement count(String query, Set<String> tenantNames) {
        Optional<CqlSql.CountKey> key = table == null ? Optional.empty() : CqlSql.countKey(query, fields)
                .filter(k -> k.field().isEmpty() || counted.contains(k.field()))
                .filter(k -> tenantNames == null || k.field().isEmpty());
        if (key.isPresent()) {
            return maintained(key.get(), tenantNames);
        }
        CqlSql.Sql cql = CqlSql.translate(query, fields, 1, defaultOrder);
        List<Object> params = new ArrayList<>(cql.params());
        String where = scoped(cql.where(), tenantNames, params);
        return new Statement("SELECT count(*) FROM " + from + " WHERE " + where, params);
    }

    private Statement maintained(CqlSql.CountKey key, Set<String> tenantNames) {
        String value;
        List<Object> params = new ArrayList<>(List.of(table));
        if (tenantNames != null) {
            // all rows of the caller's tenants: the sum of their per-tenant counts
            params.add("tenantId");
            params.add(tenantNames.toArray(new String[0]));
            value = "value IN (SELECT id::text FROM tenant WHERE name = ANY($3))";
        } else {
            params.add(key.field());
            params.add(key.value());
            value = key.type() == CqlSql.Type.STRING ? "value = lower(f_unaccent($3))" : "value = $3";
        }
        String match = " WHERE relation = $1 AND field = $2 AND " + value;
        return new Statement("SELECT coalesce(sum(n), 0) FROM (SELECT n FROM list_count" + match
                + " UNION ALL SELECT n FROM list_count_delta" + match + ") c", params);
    }

    private String scoped(String where, Set<String> tenantNames, List<Object> params) {
        if (tenantNames == null || scope == null) {
            return where;
        }
        params.add(tenantNames.toArray(new String[0]));
        return "(" + where + ") AND " + scope.formatted("$" + params.size());
    }

    /** Runs the page, then counts only when the page does not tell the total by itself. */
    public <T> Uni<Page<T>> find(Pool pool, String query, Set<String> tenantNames, int limit, int offset,
                                 Function<Row, T> mapper) {
        Statement page = page(query, tenantNames, limit, offset);
        return pool.preparedQuery(page.sql()).execute(page.tuple()).flatMap(rows -> {
            List<T> items = new ArrayList<>();
            rows.forEach(r -> items.add(mapper.apply(r)));
            if (items.size() < limit && (!items.isEmpty() || offset == 0)) {
                return Uni.createFrom().item(new Page<>(items, offset + items.size()));
            }
            Statement count = count(query, tenantNames);
            return pool.preparedQuery(count.sql()).execute(count.tuple())
                    .map(counted -> new Page<>(items, counted.iterator().next().getLong(0)));
        });
    }
}
