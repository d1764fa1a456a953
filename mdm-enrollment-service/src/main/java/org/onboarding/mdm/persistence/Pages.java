package org.onboarding.mdm.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list endpoint: the exact total (a maintained count, or a count of the filtered rows: see
 * {@link ListQuery}), then the requested slice in the query's order, wrapped in Applivery's page.
 */
public final class Pages {

    private Pages() {
    }

    /** For views that need more reads (a token's policies, a device's user). */
    public static <E, V> Uni<Paginated<V>> read(PanacheRepositoryBase<E, String> rows, ListQuery query, PageQuery page,
                                               Function<List<E>, Uni<List<V>>> views) {
        return query.total(rows).flatMap(total -> rows.find(query.hql() + page.sort().orderBy(query.alias()),
                        query.params())
                .range(page.offset(), page.offset() + page.limit() - 1).list()
                .flatMap(list -> views.apply(list))
                .map(items -> Paginated.of(items, total, page)));
    }

    /** For views built from the row alone. */
    public static <E, V> Uni<Paginated<V>> map(PanacheRepositoryBase<E, String> rows, ListQuery query, PageQuery page,
                                              Function<E, V> view) {
        return read(rows, query, page, list -> Uni.createFrom().item(list.stream().map(view).toList()));
    }
}
