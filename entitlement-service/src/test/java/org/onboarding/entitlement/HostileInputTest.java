package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A corpus of hostile inputs (NUL characters, over-long strings, huge numbers, wrong JSON types, malformed JSON, bad
 * UUIDs, deep nesting) thrown at every endpoint: never a 500, always a 4xx in the FOLIO envelope, nothing written.
 */
@QuarkusTest
class HostileInputTest {

    private static final String LONG = "a".repeat(300);
    private static final String NUL = "\u0000";

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Path segments and query values, raw (encoded here, so that %00 reaches the service as such). */
    private static final List<String> SEGMENTS = List.of(NUL, "a" + NUL + "b", LONG, LONG + "-1.0.0", "not-a-uuid",
            "1-99999999999999999999.0.0");

    /** Query strings stay below the HTTP server's request-line limit (quarkus.http.limits.max-initial-line-length). */
    private static final List<String> QUERIES = List.of(
            "query=" + enc("applicationId==" + NUL), "query=" + enc("id==\"" + NUL + "\""), "query=" + enc("name==a" + NUL + "*"),
            "query=" + enc("tenantId==" + NUL), "query=" + enc("(".repeat(3000) + "id==x" + ")".repeat(3000)),
            "query=" + enc("applicationId==" + "x".repeat(20000)), "query=" + enc("id==x" + " or id==x".repeat(1500)),
            "query=" + enc("id==" + "(id==".repeat(1000) + "x" + ")".repeat(1000)), "tenant=" + enc(NUL), "tenant=" + enc(LONG),
            "limit=99999999999999999999", "offset=-5", "limit=1e3", "offset=" + enc(NUL), "includeModules=" + enc(NUL),
            "full=yes", "includeStages=" + enc(NUL));

    private static final String RANDOM_TENANT = UUID.randomUUID().toString();

    private static final List<String> BODIES = List.of(
            "{",
            "[]",
            "\"text\"",
            "123456789012345678901234567890123456789012345678901234567890",
            "null",
            "[".repeat(1100),
            "{\"tenantId\":123,\"applications\":\"x\",\"name\":[],\"version\":{},\"discovery\":\"x\",\"modules\":7,"
                    + "\"applicationId\":true,\"description\":false,\"id\":[1]}",
            "{\"tenantId\":\"not-a-uuid\",\"applications\":[\"a-1.0.0\"],\"id\":\"nope\",\"name\":\"ok-name\"}",
            "{\"tenantId\":1e999999,\"applications\":[1e400],\"name\":99999999999999999999999999,\"version\":-1e308}",
            "{\"tenantId\":\"" + RANDOM_TENANT + "\",\"applications\":[\"a\\u0000-1.0.0\"],\"applicationId\":\"a\\u0000-1.0.0\","
                    + "\"modules\":[\"m\\u0000-1.0.0\"],\"name\":\"x\\u0000\",\"version\":\"1.0.0\",\"description\":\"d\\u0000\","
                    + "\"discovery\":[{\"id\":\"m\\u0000-1.0.0\",\"location\":\"http://x\\u0000\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"1.0.0\",\"description\":\"fine\",\"modules\":[{\"id\":\"m-1.0.0\",\"name\":\"m\\u0000\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"1.0.0\",\"description\":\"fine\",\"x\\u0000\":1}",
            "{\"tenantId\":\"" + RANDOM_TENANT + "\",\"applications\":[\"" + LONG + "-1.0.0\"],\"applicationId\":\"" + LONG + "-1.0.0\","
                    + "\"modules\":[\"" + LONG + "-1.0.0\"],\"name\":\"" + LONG + "\",\"version\":\"1.0.0\",\"description\":\"ok\","
                    + "\"discovery\":[{\"id\":\"" + LONG + "-1.0.0\",\"location\":\"http://x\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"1.0.0-" + "x".repeat(100) + "\",\"discovery\":[{\"id\":\"m-1.0.0-" + "x".repeat(100)
                    + "\",\"location\":\"http://x\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"1.0.0\",\"modules\":[{\"id\":\"m-1.0.0-" + "x".repeat(100) + "\"}],"
                    + "\"dependencies\":[{\"name\":\"" + LONG + "\",\"version\":\"^1.0.0\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"99999999999999999999.0.0\",\"discovery\":[{\"id\":\"m-99999999999999999999.0.0\","
                    + "\"location\":\"http://x\"}]}",
            "{\"name\":\"ok-name\",\"version\":\"1.0.0\",\"modules\":[{\"id\":\"m-1.0.0\"}],\"dependencies\":[{\"name\":\"d\",\"version\":\"^x\"}],"
                    + "\"moduleDescriptors\":\"nope\"}".replace("\"^x\"", "[1]"));

    private static final List<String> GETS = List.of("/entitlements", "/entitlements/{s}/applications", "/entitlements/modules/{s}",
            "/entitlement-flows", "/entitlement-flows/{s}", "/application-flows", "/application-flows/{s}",
            "/application-flows/{s}/stages", "/application-flows/{s}/stages/{s}",
            "/application-flows/" + UUID.randomUUID() + "/stages/{s}", "/applications", "/applications/{s}",
            "/applications/{s}/discovery", "/modules/discovery", "/modules/{s}/discovery", "/tenants", "/tenants/{s}");

    /** The reads that take query parameters (query, tenant, limit, offset, flags). */
    private static final List<String> LISTS = List.of("/entitlements", "/entitlements/{s}/applications", "/entitlements/modules/{s}",
            "/entitlement-flows", "/entitlement-flows/{s}", "/application-flows", "/applications", "/modules/discovery", "/tenants");

    private static final List<String> DELETES = List.of("/applications/{s}", "/modules/{s}/discovery", "/tenants/{s}");

    private static final List<String[]> WRITES = List.of(new String[] {"POST", "/entitlements"}, new String[] {"PUT", "/entitlements"},
            new String[] {"DELETE", "/entitlements"}, new String[] {"PUT", "/entitlements/state"},
            new String[] {"POST", "/entitlements/validate"}, new String[] {"POST", "/reinstall/applications"},
            new String[] {"POST", "/reinstall/modules"}, new String[] {"POST", "/applications"},
            new String[] {"POST", "/modules/discovery"}, new String[] {"POST", "/tenants"});

    private final List<String> problems = new ArrayList<>();

    /** Reads may ignore a parameter they do not take (2xx); a write with any of these bodies must be refused (4xx). */
    private void check(String method, String url, String body) {
        var request = given().urlEncodingEnabled(false).header("x-okapi-token", TestTokens.admin())
                .header("x-okapi-tenant", "diku").contentType("application/json");
        if (body != null) {
            request.body(body);
        }
        Response response = request.request(method, url);
        int status = response.statusCode();
        String label = method + " " + abbreviate(url) + (body == null ? "" : " " + abbreviate(body)) + " -> " + status;
        boolean read = body == null && !method.equals("DELETE");
        if (read && status < 400) {
            return;
        }
        if (status < 400 || status >= 500) {
            problems.add(label + " " + abbreviate(response.asString()));
            return;
        }
        try {
            response.then().body("errors[0].message", org.hamcrest.Matchers.notNullValue())
                    .body("errors[0].type", org.hamcrest.Matchers.notNullValue())
                    .body("errors[0].code", org.hamcrest.Matchers.notNullValue())
                    .body("total_records", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        } catch (AssertionError | RuntimeException e) {
            problems.add(label + " not the FOLIO envelope: " + abbreviate(response.asString()));
        }
    }

    private static String abbreviate(String text) {
        String printable = text.replace("\u0000", "\\0");
        return printable.length() > 120 ? printable.substring(0, 120) + "…(" + printable.length() + ")" : printable;
    }

    @Test
    void noHostileInputGetsA500OrLeavesTheEnvelope() {
        long tenantsBefore = Api.admin().get("/tenants?limit=0").then().extract().<Number>path("totalRecords").longValue();
        long appsBefore = Api.admin().get("/applications?limit=0").then().extract().<Number>path("totalRecords").longValue();
        long discoveryBefore = Api.admin().get("/modules/discovery?limit=0").then().extract().<Number>path("totalRecords").longValue();

        for (String path : GETS) {
            if (path.contains("{s}")) {
                for (String segment : SEGMENTS) {
                    check("GET", path.replace("{s}", enc(segment)), null);
                }
            }
            if (LISTS.contains(path)) {
                for (String query : QUERIES) {
                    check("GET", path.replace("{s}", "x-1.0.0") + "?" + query, null);
                }
            }
        }
        for (String path : DELETES) {
            for (String segment : SEGMENTS) {
                check("DELETE", path.replace("{s}", enc(segment)), null);
            }
        }
        for (String[] write : WRITES) {
            for (String body : BODIES) {
                check(write[0], write[1], body);
            }
            check(write[0], write[1] + "?tenantParameters=" + enc("a=" + NUL) + "&ignoreErrors=" + enc(NUL),
                    "{\"tenantId\":\"" + RANDOM_TENANT + "\",\"applications\":[\"a-1.0.0\"]}");
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " hostile inputs were not answered with a 4xx FOLIO envelope:\n" + String.join("\n", problems));
        }

        // nothing was written to the registry
        Api.admin().get("/tenants?limit=0").then().body("totalRecords", equalTo((int) tenantsBefore));
        assertEquals(appsBefore, Api.admin().get("/applications?limit=0").then().extract().<Number>path("totalRecords").longValue());
        assertEquals(discoveryBefore, Api.admin().get("/modules/discovery?limit=0").then().extract().<Number>path("totalRecords").longValue());
    }

    @Test
    void aNulCharacterIsAClearValidationError() {
        Api.admin().urlEncodingEnabled(false).get("/entitlements?query=" + enc("applicationId==" + NUL)).then().statusCode(400)
                .body("errors[0].message", equalTo("The NUL character (%00, \\u0000) is not allowed in a request"))
                .body("errors[0].type", equalTo("IllegalArgumentException"))
                .body("errors[0].code", equalTo("validation_error"))
                .body("errors[0].parameters[0].key", equalTo("query"));
        Api.admin().body(Map.of("tenantId", RANDOM_TENANT, "applications", List.of("ok-1.0.0", "a" + NUL + "-1.0.0")))
                .post("/entitlements").then().statusCode(400)
                .body("errors[0].message", equalTo("The NUL character (%00, \\u0000) is not allowed in a request"))
                .body("errors[0].code", equalTo("validation_error"))
                .body("errors[0].parameters[0].key", equalTo("body"))
                .body("errors[0].parameters[0].value", equalTo("/applications/1"));
        Api.admin().body(Map.of("name", "ok-name", "version", "1.0.0", "modules", List.of(Map.of("id", "m-1.0.0", "name", "m" + NUL))))
                .post("/applications").then().statusCode(400)
                .body("errors[0].parameters[0].value", equalTo("/modules/0/name"));
        Api.admin().body(Map.of("name", LONG, "version", "1.0.0")).post("/applications").then().statusCode(400)
                .body("errors[0].message", equalTo("Invalid application descriptor"))
                .body("errors[0].type", equalTo("RequestValidationException"))
                .body("errors[0].parameters[0].key", equalTo("name"))
                .body("errors[0].parameters[0].value", equalTo("size must be between 1 and 255"));
    }
}
