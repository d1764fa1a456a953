package org.onboarding.ziti.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/** Upstream's {@code links}: always relative hrefs such as {@code ./enrollments/<id>}. */
public final class Links {

    private Links() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Link(String href, String method, String comment) {
        public Link(String href) {
            this(href, null, null);
        }
    }

    public static Map<String, Link> self(String collection, String id) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", new Link("./" + collection + "/" + id));
        return links;
    }

    /** The full link set of an identity, as upstream puts in every identity reference (contract §2.1). */
    public static Map<String, Link> identity(String id, String authPolicyId) {
        Map<String, Link> links = self("identities", id);
        for (String sub : new String[]{"edge-router-policies", "edge-routers", "service-policies", "services",
                "posture-data", "failed-service-requests", "authenticators", "enrollments", "service-configs"}) {
            links.put(sub, new Link("./identities/" + id + "/" + sub));
        }
        links.put("auth-policies", new Link("./auth-policies/" + authPolicyId));
        return links;
    }
}
