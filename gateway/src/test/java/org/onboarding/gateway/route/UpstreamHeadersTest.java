package org.onboarding.gateway.route;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header rules on their own, for the branches the gateway's test configuration does not take (a trusted
 * ingress in front, as in prod); GatewayRoutesTest covers the defaults through real sockets.
 */
class UpstreamHeadersTest {

    @Test
    void behindATrustedIngressItsForwardedProtoAndHostAreKept() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "onboarding.example")
                .add("X-Forwarded-For", "198.51.100.7");
        UpstreamHeaders.forwarded(headers, "10.1.2.3", "http", "gateway:8080", true);
        assertEquals("https", headers.get("X-Forwarded-Proto"));
        assertEquals("onboarding.example", headers.get("X-Forwarded-Host"));
        assertEquals("198.51.100.7, 10.1.2.3", headers.get("X-Forwarded-For"));
    }

    @Test
    void behindATrustedIngressMissingValuesAreFilledIn() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        UpstreamHeaders.forwarded(headers, "10.1.2.3", "http", "gateway:8080", true);
        assertEquals("http", headers.get("X-Forwarded-Proto"));
        assertEquals("gateway:8080", headers.get("X-Forwarded-Host"));
        assertEquals("10.1.2.3", headers.get("X-Forwarded-For"));
    }

    @Test
    void withoutATrustedIngressTheClientsValuesAreReplacedOrRemoved() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "evil.example");
        UpstreamHeaders.forwarded(headers, "10.1.2.3", "http", null, false);
        assertEquals("http", headers.get("X-Forwarded-Proto"));
        assertFalse(headers.contains("X-Forwarded-Host"));
    }

    @Test
    void headersNamedByConnectionGoButNotTheFraming() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-A").add("Connection", " x-b ,Content-Length,, Host")
                .add("X-A", "1").add("X-B", "2").add("Content-Length", "3").add("Host", "h").add("X-C", "4");
        UpstreamHeaders.dropConnectionNamed(headers);
        assertFalse(headers.contains("X-A"));
        assertFalse(headers.contains("X-B"));
        assertEquals("3", headers.get("Content-Length"));
        assertEquals("h", headers.get("Host"));
        assertEquals("4", headers.get("X-C"));
    }

    @Test
    void responsesLoseEveryHopByHopHeader() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Connection", "close").add("Keep-Alive", "timeout=5")
                .add("Proxy-Authenticate", "Basic").add("Proxy-Authorization", "Basic x").add("TE", "trailers")
                .add("Trailer", "X-Sum").add("Upgrade", "h2c").add("Content-Type", "application/json");
        UpstreamHeaders.dropHopByHop(headers);
        assertEquals(List.of("Content-Type"), headers.names().stream().toList());
        assertTrue(headers.contains("content-type"));
    }

    @Test
    void hopByHopFramingAndTheUpstreamsRequestIdAreNotRelayedWhateverTheirCase() {
        for (String name : List.of("Connection", "keep-alive", "PROXY-AUTHENTICATE", "Proxy-Authorization", "te",
                "Trailer", "upgrade", "content-length", "Transfer-Encoding", "x-request-id")) {
            assertTrue(UpstreamHeaders.isNotRelayed(name), name);
        }
        for (String name : List.of("Content-Type", "Date", "WWW-Authenticate", "X-Request-Ids", "Tee", "Upgrades",
                "Location", "Set-Cookie", "zt-session")) {
            assertFalse(UpstreamHeaders.isNotRelayed(name), name);
        }
    }
}
