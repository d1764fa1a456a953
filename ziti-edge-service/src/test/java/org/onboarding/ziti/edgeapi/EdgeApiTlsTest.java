package org.onboarding.ziti.edgeapi;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.Api;

import javax.net.ssl.SSLSession;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge API over TLS, as the controller serves it: the server certificate chains to the edge CA and names the
 * advertised host; an OTT enrollment completed there with a CSR gives a certificate that logs in over mTLS on the same
 * port; the forwarded-certificate header means nothing on the TLS port.
 */
@QuarkusTest
class EdgeApiTlsTest {

    @Test
    void serverCertificateIsIssuedByTheEdgeCaForTheSigningKey() throws Exception {
        HttpResponse<String> version = EdgeTls.anonymous().get("/version", null);
        assertEquals(200, version.statusCode());
        SSLSession session = version.sslSession().orElseThrow();
        X509Certificate server = (X509Certificate) session.getPeerCertificates()[0];
        assertEquals(EdgeTls.devEdgeCa().getSubjectX500Principal(), server.getIssuerX500Principal());
        // the key that signs enrollment JWTs: the SDKs verify the JWT with the certificate the server presents
        try (java.io.InputStream signer = getClass().getClassLoader()
                .getResourceAsStream("ziti-dev-keys/DEV-ONLY-ziti-signer-cert.pem")) {
            assertEquals(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(signer)
                    .getPublicKey(), server.getPublicKey());
        }
        server.verify(EdgeTls.devEdgeCa().getPublicKey());
        assertTrue(server.getSubjectAlternativeNames().stream().anyMatch(n -> "localhost".equals(n.get(1))));
        assertTrue(server.getSubjectAlternativeNames().stream().anyMatch(n -> "127.0.0.1".equals(n.get(1))));
    }

    @Test
    void ottEnrollmentOverTlsThenCertificateLoginOverMutualTls() throws Exception {
        String identityId = Api.create("identities", "{\"name\":\"tls-" + UUID.randomUUID()
                + "\",\"type\":\"Device\",\"isAdmin\":false,\"enrollment\":{\"ott\":true}}");
        String token = ottToken(identityId);
        KeyPair keys = EdgeTls.ecKeyPair();

        HttpResponse<String> enrolled = EdgeTls.anonymous().post("/enroll?method=ott&token=" + token,
                "application/x-pem-file", "application/x-pem-file", EdgeTls.csr(keys, "ignored"));
        assertEquals(200, enrolled.statusCode(), enrolled.body());
        assertTrue(enrolled.headers().firstValue("Content-Type").orElse("").startsWith("application/x-pem-file"));
        List<X509Certificate> chain = EdgeTls.certificates(enrolled.body());
        assertEquals("CN=" + identityId, chain.get(0).getSubjectX500Principal().getName());

        EdgeTls mtls = EdgeTls.withCertificate(keys, chain);
        HttpResponse<String> login = mtls.post("/edge/client/v1/authenticate?method=cert", "application/json",
                "application/json", "{}");
        assertEquals(200, login.statusCode(), login.body());
        String ztSession = login.headers().firstValue("zt-session").orElseThrow();
        assertEquals(identityId, JsonPath.from(login.body()).getString("data.identity.id"));

        HttpResponse<String> me = mtls.get("/edge/client/v1/current-identity", ztSession);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(identityId, JsonPath.from(me.body()).getString("data.id"));

        // TLSv1.2, as the JVM SDK connects
        HttpResponse<String> login12 = EdgeTls.withCertificateTls12(keys, chain).post(
                "/edge/client/v1/authenticate?method=cert", "application/json", "application/json", "{}");
        assertEquals(200, login12.statusCode(), login12.body());
    }

    @Test
    void forwardedCertificateHeaderIsIgnoredOnTheTlsPort() throws Exception {
        String identityId = Api.create("identities", "{\"name\":\"hdr-" + UUID.randomUUID()
                + "\",\"type\":\"Device\",\"isAdmin\":false,\"enrollment\":{\"ott\":true}}");
        String token = ottToken(identityId);
        String certificate = EdgeTls.anonymous().post("/enroll?method=ott&token=" + token, "application/x-pem-file",
                "application/x-pem-file", EdgeTls.csr(EdgeTls.ecKeyPair(), "x")).body();
        String header = java.net.URLEncoder.encode(certificate, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");

        // a valid certificate named in the header, no key to prove it: refused on the TLS port
        HttpResponse<String> login = EdgeTls.anonymous().post("/edge/client/v1/authenticate?method=cert",
                "application/json", "application/json", "{}", java.util.Map.of("X-Client-Cert", header));
        assertEquals(401, login.statusCode(), login.body());
        assertEquals("INVALID_AUTH", JsonPath.from(login.body()).getString("error.code"));
        // behind the trusted TLS-terminating proxy (plain port), the same header still logs in
        io.restassured.RestAssured.given().header("X-Client-Cert", header).contentType("application/json").body("{}")
                .post(Api.CLIENT + "/authenticate?method=cert").then().statusCode(200);
    }

    private static String ottToken(String identityId) {
        return Api.admin().get(Api.BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment.ott.token");
    }
}
