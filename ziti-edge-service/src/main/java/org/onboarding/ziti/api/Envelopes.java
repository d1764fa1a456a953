package org.onboarding.ziti.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Upstream's success envelopes (contract §1.3): detail, list, create and empty. */
public final class Envelopes {

    private Envelopes() {
    }

    public record Envelope(Object data, Object meta) {
    }

    public record Pagination(long limit, long offset, long totalCount) {
    }

    public record ListMeta(Pagination pagination, List<String> filterableFields) {
    }

    public static Envelope detail(Object data) {
        return new Envelope(data, Map.of());
    }

    public static Envelope list(List<?> data, long limit, long offset, long totalCount, List<String> filterableFields) {
        return new Envelope(data, new ListMeta(new Pagination(limit, offset, totalCount), filterableFields));
    }

    /** {@code createEnvelope}: the new id and a relative self link; upstream sends no Location header. */
    public static Envelope created(String id, String collection) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_links", Links.self(collection, id));
        data.put("id", id);
        return new Envelope(data, Map.of());
    }

    /** 201 with the {@link #created} envelope. */
    public static jakarta.ws.rs.core.Response createdResponse(String id, String collection) {
        return jakarta.ws.rs.core.Response.status(201).entity(created(id, collection)).build();
    }

    /** The detail envelope, or 404 NOT_FOUND naming {@code entity} when there is no such row. */
    public static Envelope detailOrNotFound(Object data, String entity, String id) {
        if (data == null) {
            throw ApiException.notFound(entity, id);
        }
        return detail(data);
    }

    public static Envelope empty() {
        return new Envelope(Map.of(), Map.of());
    }
}
