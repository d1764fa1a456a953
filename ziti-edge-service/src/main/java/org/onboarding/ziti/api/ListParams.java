package org.onboarding.ziti.api;

import lombok.Getter;
import jakarta.ws.rs.QueryParam;

/**
 * The query parameters every ZitiQL list takes. {@code limit} and {@code offset} are read as text and checked here,
 * so a malformed number gets the API's own 400 envelope rather than the framework's.
 */
public class ListParams {

    @QueryParam("limit")
    String limit;

    @QueryParam("offset")
    String offset;

    @QueryParam("filter")
    @Getter
    String filter;

    @QueryParam("sort")
    @Getter
    String sort;

    public Long limit() {
        return QueryParams.int64("limit", limit);
    }

    public Long offset() {
        return QueryParams.int64("offset", offset);
    }
}
