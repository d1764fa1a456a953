package org.onboarding.ziti.spec;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.TestPki;
import org.onboarding.ziti.client.ApiClient;
import org.onboarding.ziti.client.ApiException;
import org.onboarding.ziti.client.api.CertificateAuthorityApi;
import org.onboarding.ziti.client.api.EnrollmentApi;
import org.onboarding.ziti.client.api.IdentityApi;
import org.onboarding.ziti.client.model.CaCreate;
import org.onboarding.ziti.client.model.CaDetail;
import org.onboarding.ziti.client.model.CaPatch;
import org.onboarding.ziti.client.model.CaUpdate;
import org.onboarding.ziti.client.model.EnrollmentCreate;
import org.onboarding.ziti.client.model.IdentityCreate;
import org.onboarding.ziti.client.model.IdentityType;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CA API through the management client generated from the upstream spec ({@code Certificate Authority} tag), and
 * the client API calls of CA enrollment (OTTCA, auto-CA, certificate login). Every management response is validated
 * against {@code management.yml} and every client API response against {@code client.yml}.
 */
@QuarkusTest
class CaConformanceTest extends GeneratedClientFixture {

    private static final String MANAGEMENT_BASE = "/edge/management/v1";

    private CertificateAuthorityApi cas;
    private IdentityApi identities;
    private EnrollmentApi enrollments;

    @BeforeEach
    void clients() {
        ApiClient client = http.admin(management);
        cas = new CertificateAuthorityApi(client);
        identities = new IdentityApi(client);
        enrollments = new EnrollmentApi(client);
    }

    @Test
    void caLifecycleThroughTheGeneratedClient() throws ApiException {
        TestPki.Issued root = TestPki.rootCa("spec-root-" + UUID.randomUUID());
        String name = "spec-ca-" + UUID.randomUUID();
        String id = cas.createCa(new CaCreate().name(name).certPem(root.pem()).isAutoCaEnrollmentEnabled(true)
                .isOttCaEnrollmentEnabled(true).isAuthEnabled(true).identityRoles(List.of("spec"))).getData().getId();

        CaDetail detail = cas.detailCa(id).getData();
        assertEquals(name, detail.getName());
        assertEquals(root.fingerprint(), detail.getFingerprint());
        assertEquals(false, detail.getIsVerified());
        assertEquals("[caName]-[commonName]", detail.getIdentityNameFormat());
        assertEquals(List.of(id), cas.listCas(null, null, "name = \"" + name + "\"").getData().stream()
                .map(CaDetail::getId).toList());
        assertEquals(400, assertThrows(ApiException.class, () -> cas.createCa(new CaCreate().name(name)
                .certPem(root.pem()).isAutoCaEnrollmentEnabled(true).isOttCaEnrollmentEnabled(true).isAuthEnabled(true)
                .identityRoles(List.of()))).getCode());
        assertEquals(400, assertThrows(ApiException.class, () -> cas.listCas(null, null, "bogus ==")).getCode());

        cas.updateCa(id, new CaUpdate().name(name).isAutoCaEnrollmentEnabled(true).isOttCaEnrollmentEnabled(true)
                .isAuthEnabled(true).identityRoles(List.of("spec", "more")).identityNameFormat("[caName]-[identityId]"));
        // the generated CaPatch always sends identityRoles (an empty list unless set): a patch names it, as upstream reads it
        cas.patchCa(id, new CaPatch().identityNameFormat("[commonName]@[caName]").identityRoles(List.of("spec", "more")));
        detail = cas.detailCa(id).getData();
        assertEquals(List.of("spec", "more"), detail.getIdentityRoles());
        assertEquals("[commonName]@[caName]", detail.getIdentityNameFormat());
        assertEquals(400, assertThrows(ApiException.class, () -> cas.updateCa(id, new CaUpdate().name("")
                .isAutoCaEnrollmentEnabled(true).isOttCaEnrollmentEnabled(true).isAuthEnabled(true)
                .identityRoles(List.of()).identityNameFormat(""))).getCode());

        String token = detail.getVerificationToken().toString();
        assertEquals(400, assertThrows(ApiException.class,
                () -> cas.verifyCa(id, root.verification("wrong").pem())).getCode());
        cas.verifyCa(id, root.verification(token).pem());
        assertTrue(cas.detailCa(id).getData().getIsVerified());
        assertEquals(409, assertThrows(ApiException.class,
                () -> cas.verifyCa(id, root.verification(token).pem())).getCode());

        // getCaJwt answers application/jwt, which the generated client cannot read as JSON: read it raw, check it
        Response jwt = management("GET", "/cas/" + id + "/jwt");
        assertEquals(200, jwt.statusCode());
        assertEquals(3, jwt.asString().split("\\.").length);
        assertEquals(404, management("GET", "/cas/missing/jwt").statusCode());

        cas.deleteCa(id);
        assertEquals(404, assertThrows(ApiException.class, () -> cas.detailCa(id)).getCode());
        assertEquals(404, assertThrows(ApiException.class, () -> cas.deleteCa(id)).getCode());
    }

    @Test
    void caEnrollmentClientCallsConformToTheClientSpec() throws ApiException {
        TestPki.Issued root = TestPki.rootCa("spec-enroll-" + UUID.randomUUID());
        String caName = "spec-enroll-" + UUID.randomUUID();
        String caId = cas.createCa(new CaCreate().name(caName).certPem(root.pem()).isAutoCaEnrollmentEnabled(true)
                .isOttCaEnrollmentEnabled(true).isAuthEnabled(true).identityRoles(List.of())).getData().getId();
        cas.verifyCa(caId, root.verification(cas.detailCa(caId).getData().getVerificationToken().toString()).pem());

        // OTTCA: refused without a certificate, then completed, then the certificate logs in
        String identityId = identities.createIdentity(new IdentityCreate().name("spec-ottca-" + UUID.randomUUID())
                .type(IdentityType.DEVICE).isAdmin(false)).getData().getId();
        String enrollmentId = enrollments.createEnrollment(new EnrollmentCreate()
                .method(EnrollmentCreate.MethodEnum.OTTCA).caId(caId).identityId(identityId)
                .expiresAt(inOneHour()))
                .getData().getId();
        String token = enrollments.detailEnrollment(enrollmentId).getData().getToken();
        TestPki.Issued device = root.client("spec-device-" + UUID.randomUUID());
        assertEquals(400, client("/enroll/ottca?token=" + token, null).statusCode());
        assertEquals(200, client("/enroll/ottca?token=" + token, device).statusCode());
        Response login = client("/authenticate?method=cert", device);
        assertEquals(200, login.statusCode());
        assertEquals(identityId, login.path("data.identityId"));

        // auto-CA: explicit enrollment, then the same certificate once more (409), then a login that enrolls
        TestPki.Issued laptop = root.client("spec-laptop-" + UUID.randomUUID());
        assertEquals(200, client("/enroll/ca", laptop).statusCode());
        assertEquals(409, client("/enroll/ca", laptop).statusCode());
        assertEquals(400, client("/enroll/ca", TestPki.rootCa("spec-unknown").client("x")).statusCode());
        TestPki.Issued tablet = root.client("spec-tablet-" + UUID.randomUUID());
        Response first = client("/authenticate?method=cert", tablet);
        assertEquals(200, first.statusCode());
        assertNotNull(first.path("data.identityId"));
        assertEquals(401, client("/authenticate?method=cert", TestPki.rootCa("spec-nobody").client("x")).statusCode());
    }

    /** A management call outside the generated client, validated against management.yml. */
    private Response management(String method, String path) {
        Response response = given().header("zt-session", TestTokens.admin()).request(method, MANAGEMENT_BASE + path);
        return violations.check(MANAGEMENT, method, MANAGEMENT_BASE + path, response);
    }

    /** A client API POST presenting {@code certificate} as the TLS-terminating proxy forwards it. */
    private Response client(String pathAndQuery, TestPki.Issued certificate) {
        RequestSpecification request = given().contentType(ContentType.JSON).body("{}");
        if (certificate != null) {
            request.header("X-Client-Cert", certificate.forwarded());
        }
        Response response = request.post(CLIENT_BASE + pathAndQuery);
        return violations.check(CLIENT, "POST", CLIENT_BASE + pathAndQuery.replaceFirst("\\?.*$", ""), response);
    }
}
