package org.onboarding.gateway.route;

import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.HttpProxy;

import java.util.List;
import java.util.Set;

/** One upstream service as the router sees it: its prefixes, its proxy (own connection pool) and its API style. */
record UpstreamRoute(String name, List<String> prefixes, ApiStyle api, Set<String> publicPaths,
                     List<String> publicPrefixes, ThreadLocal<HttpProxy> proxies, HttpProxy docsProxy,
                     long maxBodySize, int maxInitialLineLength) {

    /** This event loop's proxy to the service. */
    HttpProxy proxy() {
        return proxies.get();
    }

    boolean matches(String path) {
        return underAny(prefixes, path);
    }

    boolean isPublic(HttpMethod method, String path) {
        return publicPaths.contains(method.name() + " " + path) || underAny(publicPrefixes, path);
    }

    /** Prefix match on whole path segments: {@code /provisioningx} is not under {@code /provisioning}. */
    private static boolean underAny(List<String> prefixes, String path) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
                return true;
            }
        }
        return false;
    }
}
