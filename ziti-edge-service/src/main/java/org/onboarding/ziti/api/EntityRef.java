package org.onboarding.ziti.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** Upstream's {@code entityRef}; {@code name} is omitted when empty. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EntityRef(@JsonProperty("_links") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Links.Link> links,
                        String entity, String id, String name) {
}
