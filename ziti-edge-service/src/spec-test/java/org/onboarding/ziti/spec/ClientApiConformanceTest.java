package org.onboarding.ziti.spec;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.Api;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reads an SDK makes and the generic enroll, each response validated against the upstream spec of its API:
 * {@code client.yml} for the client API (and the root {@code /version}, which is its {@code listVersion}),
 * {@code management.yml} for the management {@code /version}.
 */
@QuarkusTest
class ClientApiConformanceTest {

    private static final UpstreamSpec CLIENT = UpstreamSpec.loadClient();
    private static final UpstreamSpec MANAGEMENT = UpstreamSpec.load();

    private final SpecViolations violations = new SpecViolations();


    @Test
    void sdkReadsAndGenericEnrollConform() throws Exception {
        violations.check(CLIENT, "GET", Api.CLIENT + "/version", given().get("/version"));
        violations.check(CLIENT, "GET", Api.CLIENT + "/version", given().get(Api.CLIENT + "/version"));
        violations.check(MANAGEMENT, "GET", Api.BASE + "/version", given().get(Api.BASE + "/version"));

        String suffix = UUID.randomUUID().toString();
        String ottIdentity = Api.create("identities", "{\"name\":\"conf-ott-" + suffix
                + "\",\"type\":\"Device\",\"isAdmin\":false,\"enrollment\":{\"ott\":true}}");
        String ottToken = token(ottIdentity, "ott");
        Response enrolled = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("clientCsr", csr())).post(Api.CLIENT + "/enroll?method=ott&token=" + ottToken);
        assertEquals(200, enrolled.statusCode(), enrolled.asString());
        violations.check(CLIENT, "POST", Api.CLIENT + "/enroll", enrolled);
        violations.check(CLIENT, "POST", Api.CLIENT + "/enroll", given().contentType(ContentType.JSON).body("{}")
                .post(Api.CLIENT + "/enroll?method=ott&token=" + ottToken));

        String username = "conf-" + suffix;
        String identityId = Api.create("identities", "{\"name\":\"conf-" + suffix + "\",\"type\":\"User\","
                + "\"isAdmin\":false,\"roleAttributes\":[\"conf-" + suffix + "\"],"
                + "\"enrollment\":{\"updb\":\"" + username + "\"}}");
        violations.check(CLIENT, "POST", Api.CLIENT + "/enroll", given().contentType(ContentType.JSON)
                .body(Map.of("password", "s3cret-pw"))
                .post(Api.CLIENT + "/enroll?method=updb&token=" + token(identityId, "updb")));
        String session = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "s3cret-pw"))
                .post(Api.CLIENT + "/authenticate?method=password").then().statusCode(200)
                .extract().header("zt-session");

        String serviceId = Api.create("services", "{\"name\":\"conf-" + suffix + "\",\"encryptionRequired\":true,"
                + "\"roleAttributes\":[\"conf-" + suffix + "\"]}");
        Api.create("service-policies", "{\"name\":\"conf-" + suffix + "\",\"type\":\"Dial\",\"semantic\":\"AnyOf\","
                + "\"identityRoles\":[\"#conf-" + suffix + "\"],\"serviceRoles\":[\"#conf-" + suffix + "\"]}");
        Api.create("edge-routers", "{\"name\":\"conf-" + suffix + "\"}");

        client("/current-identity", session);
        client("/current-identity/edge-routers", session);
        Response services = client("/services", Map.of("filter", "name=\"conf-" + suffix + "\""), session);
        assertEquals(1, services.jsonPath().getList("data").size(), services.asString());
        client("/services/" + serviceId, session);
        client("/services/unknown-" + suffix, session);
        client("/current-api-session/service-updates", session);
        client("/controllers", session);
        client("/services", null);

        assertTrue(violations.all().isEmpty(), String.join("\n", violations.all()));
    }

    private Response client(String path, String ztSession) {
        return client(path, Map.of(), ztSession);
    }

    private Response client(String path, Map<String, String> query, String ztSession) {
        RequestSpecification request = given().queryParams(query);
        if (ztSession != null) {
            request.header("zt-session", ztSession);
        }
        Response response = request.get(Api.CLIENT + path);
        return violations.check(CLIENT, "GET", Api.CLIENT + path, response);
    }

    private static String token(String identityId, String method) {
        return Api.admin().get(Api.BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment." + method + ".token");
    }

    private static String csr() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }
        return out.toString();
    }
}
