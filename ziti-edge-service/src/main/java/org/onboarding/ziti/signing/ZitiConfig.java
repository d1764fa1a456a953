package org.onboarding.ziti.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "ziti")
public interface ZitiConfig {

    /** The controller's public edge API address, {@code host:port}; enrollment JWTs carry {@code https://<it>}. */
    @WithDefault("localhost:8081")
    String edgeApiAddress();

    /** Control-plane addresses for the {@code ctrls} claim, e.g. {@code tls:ctrl.example.com:6262}. */
    Optional<List<String>> ctrlAddresses();

    Signer signer();

    Enrollment enrollment();

    EdgeCa edgeCa();

    ApiSession apiSession();

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
}
