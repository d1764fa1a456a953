package org.onboarding.mdm.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Reads the row counts that the database maintains per list, organisation and state ({@code mdm_list_count}: deltas
 * added by triggers in the writing transaction, folded by {@link ListCountCompaction}, README "Lists: counts and
 * indexes"): the sum of a scope's few rows, however many rows the list has.
 */
public final class ListCounts {

    /** The organisation list: one count for the whole table. */
    public static final String ALL_ORGANIZATIONS = "";

    private ListCounts() {
    }

    private static final String SUM = "select cast(coalesce(sum(c.n), 0) as bigint) from mdm_list_count c"
            + " where c.list = ?1 and c.organization_id = ?2";

    /** Every row of the list in the organisation. */
    public static Uni<Long> all(String list, String organizationId) {
        return sum(SUM, list, organizationId, null);
    }

    /** The rows of the organisation in one state. */
    public static Uni<Long> inState(String list, String organizationId, Enum<?> state) {
        return sum(SUM + " and c.state = ?3", list, organizationId, state.name());
    }

    /** The rows of the organisation in any state but one ({@code show-deleted=false}). */
    public static Uni<Long> exceptState(String list, String organizationId, Enum<?> state) {
        return sum(SUM + " and c.state <> ?3", list, organizationId, state.name());
    }

    private static Uni<Long> sum(String sql, String list, String organizationId, String state) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Long.class).setParameter(1, list).setParameter(2, organizationId);
            if (state != null) {
                query.setParameter(3, state);
            }
            return query.getSingleResult();
        });
    }
}
