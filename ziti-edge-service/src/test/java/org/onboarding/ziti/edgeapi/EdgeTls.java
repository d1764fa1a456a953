package org.onboarding.ziti.edgeapi;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.onboarding.ziti.Api;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

/**
 * A plain HTTPS client of the edge API, as an SDK without the SDK: trusts the edge CA (what
 * {@code /.well-known/est/cacerts} hands out), optionally presents a client key and certificate.
 */
public final class EdgeTls {

    private final HttpClient client;

    private EdgeTls(HttpClient client) {
        this.client = client;
    }

    public static EdgeTls anonymous() {
        return new EdgeTls(client(null, null, "TLS"));
    }

    public static EdgeTls withCertificate(KeyPair keys, List<X509Certificate> chain) {
        return new EdgeTls(client(keys, chain, "TLS"));
    }

    /** As the JVM SDK connects: a TLSv1.2 context. */
    public static EdgeTls withCertificateTls12(KeyPair keys, List<X509Certificate> chain) {
        return new EdgeTls(client(keys, chain, "TLSv1.2"));
    }

    public static String base() {
        return "https://" + Api.edgeApiAddress();
    }

    public HttpResponse<String> get(String path, String ztSession) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET();
        if (ztSession != null) {
            request.header("zt-session", ztSession);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String accept, String body) throws Exception {
        return post(path, contentType, accept, body, java.util.Map.of());
    }

    public HttpResponse<String> post(String path, String contentType, String accept, String body,
                                     java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (accept != null) {
            request.header("Accept", accept);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static X509Certificate devEdgeCa() throws Exception {
        try (InputStream in = EdgeTls.class.getClassLoader()
                .getResourceAsStream("ziti-dev-keys/DEV-ONLY-ziti-edge-ca-cert.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static String csr(KeyPair keys, String cn) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }
        return out.toString();
    }

    public static List<X509Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
    }

    private static HttpClient client(KeyPair keys, List<X509Certificate> chain, String protocol) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("edge-ca", devEdgeCa());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            if (keys != null) {
                keyStore.setKeyEntry("client", keys.getPrivate(), new char[0], chain.toArray(Certificate[]::new));
            }
            kmf.init(keyStore, new char[0]);
            SSLContext ssl = SSLContext.getInstance(protocol);
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
