package org.onboarding.ziti.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "ziti")
public interface ZitiConfig {

    /**
     * The controller's advertised edge API address, {@code host:port} of the HTTPS listener (upstream's default edge
     * port 1280); enrollment and network JWTs carry {@code https://<it>}, and the TLS server certificate names its host.
     */
    @WithDefault("localhost:1280")
    String edgeApiAddress();

    /** Addresses for the enrollment JWT's {@code ctrls} claim; default: {@code https://<edge api address>}. */
    Optional<List<String>> ctrlAddresses();

    Tls tls();

    Signer signer();

    Enrollment enrollment();

    EdgeCa edgeCa();

    ApiSession apiSession();

    TokenCache tokenCache();

    /**
     * Request header in which the TLS-terminating proxy forwards the verified client certificate (URL-encoded PEM,
     * as nginx's {@code $ssl_client_escaped_cert}); used by {@code POST /authenticate?method=cert}.
     */
    @WithDefault("X-Client-Cert")
    String clientCertHeader();

    interface EdgeCa {
        /** PEM PKCS#8 private key of the edge signing CA; {@code classpath:} prefix or a file path. */
        String keyLocation();

        /** PEM certificate of the edge signing CA: client certificates chain to it. */
        String certLocation();

        @WithDefault("365d")
        Duration clientCertValidity();
    }

    interface Tls {
        /**
         * Subject alternative names of the HTTPS server certificate besides the advertised host: DNS names or IP
         * addresses.
         */
        @WithDefault("localhost,127.0.0.1")
        List<String> sans();

        /** Lifetime of the server certificate issued at each start. */
        @WithDefault("365d")
        Duration validity();
    }

    interface ApiSession {
        /** Upstream {@code edge.apiSessionTimeout}: an API session unused this long is gone. */
        @WithDefault("30m")
        Duration timeout();
    }

    interface Signer {
        /** PEM PKCS#8 private key; {@code classpath:} prefix or a file path. */
        String keyLocation();

        /** PEM certificate of that key; its SHA-1 DER fingerprint is the JWT {@code kid}. */
        String certLocation();
    }

    interface Enrollment {
        /** Default lifetime of enrollments created alongside an identity (upstream 180m; under 5m falls back). */
        @WithDefault("180m")
        Duration identityDuration();
    }

    interface TokenCache {
        /** Platform JWTs remembered after they verified (README "How platform tokens are verified"); 0 turns it off. */
        @WithDefault("10000")
        int maxEntries();

        /** At most this long after it verified, and never past the token's {@code exp}. */
        @WithDefault("PT1M")
        Duration ttl();
    }
}
