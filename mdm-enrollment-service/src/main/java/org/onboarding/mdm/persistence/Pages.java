package org.onboarding.mdm.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a list endpoint: counts the rows of {@code from} (an HQL {@code from Entity alias where ...} whose
 * filters are all bound parameters), reads the requested slice in the query's order and wraps it in Applivery's page.
 */
public final class Pages {

    private Pages() {
    }

    /** For views that need more reads (a token's policies, a device's user). */
    public static <E, V> Uni<Paginated<V>> read(PanacheRepositoryBase<E, String> rows, String from, String alias,
                                               Map<String, Object> params, PageQuery page,
                                               Function<List<E>, Uni<List<V>>> views) {
        return rows.count(from, params).flatMap(total -> rows.find(from + page.sort().orderBy(alias), params)
                .range(page.offset(), page.offset() + page.limit() - 1).list()
                .flatMap(list -> views.apply(list))
                .map(items -> Paginated.of(items, total, page)));
    }

    /** For views built from the row alone. */
    public static <E, V> Uni<Paginated<V>> map(PanacheRepositoryBase<E, String> rows, String from, String alias,
                                              Map<String, Object> params, PageQuery page, Function<E, V> view) {
        return read(rows, from, alias, params, page,
                list -> Uni.createFrom().item(list.stream().map(view).toList()));
    }
}
