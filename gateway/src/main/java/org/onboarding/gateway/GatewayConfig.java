package org.onboarding.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.quarkus.runtime.configuration.MemorySize;
import org.onboarding.gateway.route.ApiStyle;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything the gateway is told: upstream routes, rate limits and (dev/local only) the token issuer. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Upstream services by name; the name appears in metrics, logs and {@code /docs}. */
    Map<String, Route> routes();

    RateLimit rateLimit();

    /** Verified tokens remembered by their text (auth/PlatformTokenVerifier). */
    TokenCache tokenCache();

    TokenIssuer tokenIssuer();

    /**
     * True only behind an ingress that sets {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} itself, overwriting
     * what the client sent: the upstreams then see the client's scheme and host. Otherwise (the default) the gateway
     * describes the connection it accepted and a client's values are replaced.
     */
    @WithDefault("false")
    boolean trustForwardedHeaders();

    ClientCertHeader clientCertHeader();

    /** Limits on client connections, against slow and greedy clients (connection/ClientConnectionGuard). */
    Clients clients();

    interface Clients {
        /**
         * How long a client has to send a request's complete head (request line and headers): from the moment its
         * connection opens, and from the first byte of each later request on a kept-alive connection. Past it, the
         * connection is closed.
         */
        @WithDefault("10s")
        Duration headerTimeout();

        /** Connections open at once from one client address; the next one is closed at once. 0 turns the cap off. */
        @WithDefault("128")
        int maxConnectionsPerAddress();
    }

    /**
     * The header in which a TLS-terminating ingress passes the client certificate it verified (ziti-edge-service's
     * {@code ziti.client-cert-header}, which it trusts for {@code authenticate?method=cert}).
     */
    interface ClientCertHeader {
        @WithDefault("X-Client-Cert")
        String name();

        /**
         * True only when the ingress in front does mTLS and sets (overwrites) the header itself; otherwise the
         * gateway removes it from every request, so that a client cannot claim somebody else's certificate.
         */
        @WithDefault("false")
        boolean trusted();
    }

    interface Route {
        /** Base URL of the service, e.g. {@code http://ziti-edge-service:8081}. */
        URI url();

        /** Path prefixes routed to this service, matched on whole segments. */
        List<String> prefixes();

        /** Whose error envelope a client of these paths expects. */
        ApiStyle api();

        /** {@code METHOD /exact/path} pairs that need no token. */
        Optional<List<String>> publicPaths();

        /**
         * Prefixes the gateway passes through without a platform token, because the service authenticates them
         * itself (the OpenZiti client API, whose {@code zt-session} is an API session the controller issued).
         */
        Optional<List<String>> publicPrefixes();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest silence from the upstream, once connected, before answering 504. */
        @WithDefault("30s")
        Duration readTimeout();

        /** Connections per upstream and event loop (each loop has its own pool), so a slow service cannot starve the others. */
        @WithDefault("256")
        int maxConnections();

        /** Requests allowed to wait for a pooled connection before failing fast with 502. */
        @WithDefault("1024")
        int maxWaitQueue();

        /**
         * Largest request body the service accepts (its {@code quarkus.http.limits.max-body-size}); a larger one is
         * answered 413 in the API's envelope before anything is forwarded.
         */
        @WithDefault("10240K")
        MemorySize maxBodySize();

        /**
         * Longest request line (method, URI, version) the service accepts; a longer one is answered 414 in the API's
         * envelope. The gateway's own HTTP limit ({@code quarkus.http.limits.max-initial-line-length}) must be at
         * least the largest of these.
         */
        @WithDefault("4096")
        int maxInitialLineLength();

        /**
         * Request headers a browser may send to these paths cross-origin, on top of {@code quarkus.http.cors.headers}
         * (the headers the API's own UI sends).
         */
        Optional<List<String>> corsHeaders();
    }

    interface TokenCache {
        /** 0 turns the memory off: every request's token is verified. */
        @WithDefault("10000")
        int maxEntries();

        /**
         * With keys from a JWKS URL, a token is remembered at most this long (a key removed there stops being trusted
         * within it); with a key file, until the token's exp. Never past the token's exp.
         */
        @WithDefault("PT1M")
        Duration ttl();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per client (token subject, or IP when anonymous). */
        @WithDefault("200")
        double requestsPerSecond();

        /** Bucket size: how many requests a client may send at once after being idle. */
        @WithDefault("400")
        int burst();
    }

    interface TokenIssuer {
        /** Off in prod: production tokens come from the organisation's OIDC provider. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("https://onboarding.local/auth")
        String issuer();

        @WithDefault("onboarding-platform")
        String audience();

        @WithDefault("PT1H")
        Duration lifetime();

        /** Accounts allowed to obtain tokens: client id (or OpenZiti username) to its bcrypt secret and grants. */
        Map<String, Account> accounts();
    }

    interface Account {
        /** bcrypt hash of the client secret / password; the secret itself is never configured. */
        String secretHash();

        @WithDefault("viewer")
        Set<String> groups();

        @WithDefault("*")
        List<String> orgs();

        @WithDefault("*")
        List<String> tenants();
    }
}
