package org.onboarding.provisioning;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Small helpers shared by the REST tests. */
public final class Api {

    private Api() {
    }

    /** The enrollment JWT the invitation carries as its attachment, or null when it has none. */
    public static String attachedJwt(io.quarkus.mailer.Mail mail) {
        return mail.getAttachments().stream().filter(a -> a.getName().endsWith(".jwt")).findFirst()
                .map(Api::content).orElse(null);
    }

    /** An attachment's bytes as ASCII text. */
    public static String content(io.quarkus.mailer.Attachment attachment) {
        List<Byte> bytes = io.smallrye.mutiny.Multi.createFrom().publisher(attachment.getData()).collect().asList()
                .await().atMost(java.time.Duration.ofSeconds(10));
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = bytes.get(i);
        }
        return new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    /** Steers the fake Edge Management API ({@link FakeZitiResource}). */
    public static JsonPath fake(String action, Object... params) {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.ziti.url", String.class)
                .replace("/edge/management/v1", "");
        RequestSpecification request = given().baseUri(base).port(-1);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i].toString(), params[i + 1]);
        }
        return request.post("/_fake/" + action).then().statusCode(200).extract().jsonPath();
    }

    /** Steers the fake MDM API and token endpoint ({@link FakeMdmResource}). */
    public static JsonPath fakeMdm(String action, Object... params) {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.mdm.url", String.class);
        RequestSpecification request = given().baseUri(base).port(-1);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i].toString(), params[i + 1]);
        }
        return request.post("/_fake/" + action).then().statusCode(200).extract().jsonPath();
    }

    /** The identity as the fake Edge Management API holds it ({@code {data, meta}}). */
    public static JsonPath targetIdentity(String id) {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.ziti.url", String.class)
                .replace("/edge/management/v1", "");
        return given().baseUri(base).port(-1).get("/edge/management/v1/identities/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static String createBatch(String token, String source, List<Map<String, Object>> items) {
        return as(token).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", source, "items", items))
                .post("/provisioning/batches").then().statusCode(200).extract().path("id");
    }

    /** The batch as the list endpoint shows it (newest first). */
    public static Map<String, Object> batch(String id) {
        List<Map<String, Object>> all = as(org.onboarding.testsupport.TestTokens.viewer())
                .queryParam("limit", 1000).get("/provisioning/batches")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(b -> id.equals(b.get("id"))).findFirst().orElseThrow();
    }

    public static List<Map<String, Object>> items(String batchId) {
        return as(org.onboarding.testsupport.TestTokens.viewer()).queryParam("limit", 1000)
                .get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** One batch item (a person in the "student" domain of establishment etab-1) as {@code BatchCreateRequest} takes it. */
    public static Map<String, Object> person(String externalId, String firstname, String lastname, String email,
                                             String role) {
        Map<String, Object> person = new HashMap<>();
        person.put("identity_id", UUID.randomUUID().toString());
        person.put("external_id", externalId);
        person.put("firstname", firstname);
        person.put("lastname", lastname);
        person.put("email", email);
        person.put("domain", "student");
        person.put("establishment_id", "etab-1");
        person.put("role_principal_code", role);
        return person;
    }
}
