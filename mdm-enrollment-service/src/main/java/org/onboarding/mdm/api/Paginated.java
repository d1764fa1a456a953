package org.onboarding.mdm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The list envelope of Applivery (mongoose-paginate-v2's shape with {@code docs} relabelled {@code items}):
 * {@code prevPage}/{@code nextPage} are {@code null} when there is none, as that library sends them, and
 * {@code lean} is always true: the items are plain objects.
 */
public record Paginated<T>(List<T> items, long totalDocs, int limit, boolean hasPrevPage, boolean hasNextPage,
                           int page, int totalPages,
                           @JsonInclude(JsonInclude.Include.ALWAYS) Integer prevPage,
                           @JsonInclude(JsonInclude.Include.ALWAYS) Integer nextPage,
                           boolean lean) {

    public static <T> Paginated<T> of(List<T> items, long totalDocs, PageQuery query) {
        int totalPages = (int) Math.max(1, (totalDocs + query.limit() - 1) / query.limit());
        boolean hasPrev = query.page() > 1;
        boolean hasNext = query.page() < totalPages;
        return new Paginated<>(items, totalDocs, query.limit(), hasPrev, hasNext, query.page(), totalPages,
                hasPrev ? query.page() - 1 : null, hasNext ? query.page() + 1 : null, true);
    }
}
