package org.onboarding.mdm.persistence;

import lombok.Getter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The query of one list endpoint: an HQL {@code from Entity alias where ...} whose values are all bound parameters,
 * and how its {@code totalDocs} is counted (README "Lists: counts and indexes"). The conditions a maintained count
 * covers (the organisation, a state) are {@link #where}s; an optional filter ({@link #filter}) that is given makes the
 * total a {@code count(*)} of the filtered rows instead, which the filter's index keeps narrow.
 */
public final class ListQuery {

    private final StringBuilder from;
    @Getter
    private final String alias;
    @Getter
    private final Map<String, Object> params = new HashMap<>();
    private Supplier<Uni<Long>> maintainedTotal;
    private boolean filtered;

    private ListQuery(String entity, String alias) {
        this.from = new StringBuilder("from ").append(entity).append(' ').append(alias).append(" where 1 = 1");
        this.alias = alias;
    }

    public static ListQuery from(String entity, String alias) {
        return new ListQuery(entity, alias);
    }

    /** A condition every page of the list has, without a value ({@code p.deletedAt is null}). */
    public ListQuery where(String condition) {
        from.append(" and ").append(condition);
        return this;
    }

    /** A condition every page of the list has, with its value bound as {@code :name}. */
    public ListQuery where(String condition, String name, Object value) {
        params.put(name, value);
        return where(condition);
    }

    /** A filter of the request, applied only when given ({@code value} not null). */
    public ListQuery filter(String condition, String name, Object value) {
        if (value != null) {
            filtered = true;
            where(condition, name, value);
        }
        return this;
    }

    /** The count the database maintains for exactly the {@link #where} conditions; used when no filter is given. */
    public ListQuery countedBy(Supplier<Uni<Long>> maintained) {
        this.maintainedTotal = maintained;
        return this;
    }

    public String hql() {
        return from.toString();
    }

    <E> Uni<Long> total(PanacheRepositoryBase<E, String> rows) {
        return filtered || maintainedTotal == null ? rows.count(hql(), params) : maintainedTotal.get();
    }
}
