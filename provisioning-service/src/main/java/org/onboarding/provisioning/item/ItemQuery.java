package org.onboarding.provisioning.item;

import io.vertx.mutiny.sqlclient.Tuple;

import java.util.UUID;

/**
 * One page of a batch's items, in batch order: optionally one status and one domain, and either an offset
 * ({@code skip}, the contract's paging) or a keyset {@code cursor} (our extension). The SQL names only the
 * conditions that apply, so that each combination has its own prepared statement and a plan that uses the index of
 * its filter (V8); a {@code ($2 IS NULL OR prov_status = $2)} form gets one generic plan that can use none. Values are
 * always bound parameters.
 */
public record ItemQuery(UUID batchId, ProvStatus status, String domain, ItemCursor cursor, int skip, int limit) {

    public String sql() {
        StringBuilder sql = new StringBuilder("SELECT ").append(ProvisioningItem.COLUMNS)
                .append(" FROM provisioning_item WHERE provisioning_batch_id = $1");
        int n = 2;
        if (status != null) {
            sql.append(" AND prov_status = $").append(n++);
        }
        if (domain != null) {
            sql.append(" AND domain = $").append(n++);
        }
        if (cursor != null) {
            sql.append(" AND seq > $").append(n++).append("::bigint");
        }
        sql.append(" ORDER BY seq");
        if (skip > 0) {
            sql.append(" OFFSET $").append(n++).append("::int");
        }
        return sql.append(" LIMIT $").append(n).append("::int").toString();
    }

    public Tuple args() {
        Tuple args = Tuple.of(batchId);
        if (status != null) {
            args.addString(status.name());
        }
        if (domain != null) {
            args.addString(domain);
        }
        if (cursor != null) {
            args.addLong(cursor.afterSeq());
        }
        if (skip > 0) {
            args.addInteger(skip);
        }
        return args.addInteger(limit);
    }
}
