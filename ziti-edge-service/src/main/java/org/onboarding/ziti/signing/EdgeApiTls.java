package org.onboarding.ziti.signing;

import lombok.Getter;
import io.quarkus.arc.Unremovable;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key store of the HTTPS edge API listener (TLS configuration {@value #TLS_CONFIGURATION}): a server certificate
 * issued at start-up by the edge CA for the controller signing key, naming the advertised host and
 * {@code ziti.tls.sans}. Using the signing key is what makes enrollment work with the official SDKs: they verify the
 * enrollment JWT with the public key of the certificate presented at the JWT's {@code iss}, then trust the edge CA
 * from {@code /.well-known/est/cacerts} for everything after.
 */
@ApplicationScoped
public class EdgeApiTls {

    public static final String TLS_CONFIGURATION = "ziti-edge";

    /** The server certificate, issued by the edge CA for the controller's key. */
    /** The server certificate the HTTPS listener presents. */
    @Getter
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final X509Certificate issuer;
    private final String issuerPem;

    public EdgeApiTls(ZitiConfig config, EdgeCa edgeCa, ControllerSigner signer) {
        String host = host(config.edgeApiAddress());
        List<String> names = new ArrayList<>();
        names.add(host);
        names.addAll(config.tls().sans());
        this.certificate = edgeCa.signServerCertificate(signer.publicKey(), host, names, config.tls().validity());
        this.key = signer.privateKey();
        this.issuer = edgeCa.certificate();
        this.issuerPem = edgeCa.certificatePem();
    }

    /** Hands the key store to the TLS registry, which asks for it by the configuration's name. */
    @ApplicationScoped
    @Unremovable
    @Identifier(TLS_CONFIGURATION)
    public static class Provider implements KeyStoreProvider {
        private final EdgeApiTls tls;

        public Provider(EdgeApiTls tls) {
            this.tls = tls;
        }

        @Override
        public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
            return tls.keyStore();
        }
    }

    /** Key store and Vert.x options of the HTTPS listener: signing key, server certificate, edge CA. */
    KeyStoreAndKeyCertOptions keyStore() {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("edge-api", key, new char[0], new Certificate[]{certificate, issuer});
            String keyPem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            PemKeyCertOptions options = new PemKeyCertOptions()
                    .setKeyValue(Buffer.buffer(keyPem))
                    .setCertValue(Buffer.buffer(EdgeCa.pem(certificate) + issuerPem));
            return new KeyStoreAndKeyCertOptions(keyStore, options);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the edge API key store", e);
        }
    }

    /** {@code host:port}, {@code [v6]:port} or a bare host → the host. */
    static String host(String address) {
        if (address.startsWith("[")) {
            return address.substring(1, address.indexOf(']'));
        }
        int colon = address.lastIndexOf(':');
        return colon < 0 || address.indexOf(':') != colon ? address : address.substring(0, colon);
    }
}
