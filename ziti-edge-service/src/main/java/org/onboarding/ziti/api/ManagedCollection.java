package org.onboarding.ziti.api;

import io.smallrye.mutiny.Uni;

import java.util.function.Function;

/** What a management collection answers for its three common endpoints: ZitiQL list, detail (or 404), delete. */
public interface ManagedCollection {

    Uni<Envelopes.Envelope> list(ListParams params);

    Uni<Envelopes.Envelope> detail(String id);

    Uni<Envelopes.Envelope> delete(String id);

    /**
     * A collection read by one bean and deleted by another: {@code detail} yields null (or fails with the 404 itself)
     * when {@code entity} has no such id; a delete answers the empty envelope.
     */
    static ManagedCollection of(String entity, Function<ListParams, Uni<Envelopes.Envelope>> list,
                                Function<String, ? extends Uni<?>> detail,
                                Function<String, Uni<Void>> delete) {
        return new ManagedCollection() {
            @Override
            public Uni<Envelopes.Envelope> list(ListParams params) {
                return list.apply(params);
            }

            @Override
            public Uni<Envelopes.Envelope> detail(String id) {
                return detail.apply(id).map(found -> Envelopes.detailOrNotFound(found, entity, id));
            }

            @Override
            public Uni<Envelopes.Envelope> delete(String id) {
                return delete.apply(id).replaceWith(Envelopes.empty());
            }
        };
    }
}
