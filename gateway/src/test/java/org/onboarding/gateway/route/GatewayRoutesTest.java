package org.onboarding.gateway.route;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.onboarding.gateway.UpstreamServers;
import org.onboarding.testsupport.TestTokens;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway against real upstream HTTP servers on loopback: routing, tokens, failures, limits, streaming. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class GatewayRoutesTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TestHTTPResource("/")
    URI gateway;

    @ParameterizedTest
    @CsvSource({
            "/edge/management/v1/enrollments, ziti",
            "/edge/management/v1, ziti",
            "/v1/organizations/acme/mdm/windows/enterprise/enrollment-tokens, mdm",
            "/provisioning/batches, provisioning",
            "/entitlements, entitlement",
            "/entitlement-flows/123, entitlement",
            "/application-flows/123/stages, entitlement",
            "/reinstall/applications, entitlement",
            "/applications, entitlement",
            "/tenants, entitlement",
            "/modules/discovery, entitlement"})
    void everyPrefixReachesItsService(String path, String upstream) {
        given().header("Authorization", "Bearer " + TestTokens.token().subject("router-" + upstream).groups("admin").sign())
                .queryParam("limit", 5).queryParam("filter", "name contains \"a b\"")
                .when().get(path)
                .then().statusCode(200)
                .header("X-Upstream", upstream)
                .body("upstream", equalTo(upstream))
                .body("path", equalTo(path))
                .body("method", equalTo("GET"))
                .body("query", equalTo("limit=5&filter=name%20contains%20%22a%20b%22"));
    }

    @Test
    void unknownPrefixIsA404InTheGatewayShape() {
        given().header("Authorization", "Bearer " + TestTokens.admin())
                .when().get("/provisioningx/batches")
                .then().statusCode(404)
                .contentType("application/json")
                .body("status", equalTo(404))
                .body("path", equalTo("/provisioningx/batches"))
                .body("requestId", matchesPattern(UUID_PATTERN));
    }

    @Test
    void methodBodyStatusAndHeadersAreKeptHopByHopDropped() {
        given().header("Authorization", "Bearer " + TestTokens.token().subject("method-test").groups("admin").sign())
                .header("X-Custom", "kept")
                .header("Keep-Alive", "timeout=5")
                .contentType("application/json")
                .body("{\"name\":\"x\"}")
                .when().put("/tenants/abc?status=418")
                .then().statusCode(418)
                .body("method", equalTo("PUT"))
                .body("bodyBytes", equalTo(12))
                .body("headers.x-custom", equalTo("kept"))
                .body("headers.keep-alive", equalTo(null))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", containsString("localhost"));
    }

    @ParameterizedTest
    @CsvSource({"zt-session, /edge/management/v1/enrollments", "x-okapi-token, /entitlements",
            "Authorization, /provisioning/batches"})
    void tokenFromTheNativeHeaderIsPassedOnAsBearer(String header, String path) {
        String token = TestTokens.token().subject("native-" + header).groups("operator").sign();
        String value = header.equals("Authorization") ? "Bearer " + token : token;
        given().header(header, value)
                .header("X-User-Id", "forged")
                .when().get(path)
                .then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.x-user-id", equalTo("native-" + header))
                .body("headers.x-user-roles", equalTo("operator"));
    }

    @ParameterizedTest
    @CsvSource({
            "missing, zt-session, /edge/management/v1/enrollments",
            "expired, zt-session, /edge/management/v1/enrollments",
            "alg-none, Authorization, /edge/management/v1/enrollments",
            "wrong-key, zt-session, /edge/management/v1/enrollments",
            "garbage, zt-session, /edge/management/v1/enrollments",
            "wrong-issuer, Authorization, /edge/management/v1/enrollments"})
    void openZitiPathsAnswer401InTheOpenZitiEnvelope(String kind, String header, String path) {
        send(kind, header, path).then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"))
                .body("error.message", equalTo(
                        "The request could not be completed. The session is not authorized or the credentials are invalid"))
                .body("error.requestId", matchesPattern(UUID_PATTERN))
                .body("meta.apiVersion", equalTo("0.0.1"));
    }

    @ParameterizedTest
    @CsvSource({"missing, 4002, No auth token", "expired, 4004, Invalid Token", "alg-none, 4004, Invalid Token",
            "wrong-key, 4004, Invalid Token", "garbage, 4004, Invalid Token", "wrong-audience, 4004, Invalid Token"})
    void mdmPathsAnswer401InTheApplivery(String kind, int code, String message) {
        send(kind, "Authorization", "/v1/organizations/acme").then().statusCode(401)
                .body("status", equalTo(false))
                .body("error.code", equalTo(code))
                .body("error.message", equalTo(message));
    }

    @ParameterizedTest
    @CsvSource({"missing, Not authenticated", "expired, Could not validate credentials",
            "alg-none, Could not validate credentials", "wrong-key, Could not validate credentials"})
    void provisioningPathsAnswer401LikeFastApi(String kind, String detail) {
        send(kind, "Authorization", "/provisioning/batches").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("detail", equalTo(detail));
    }

    @ParameterizedTest
    @CsvSource({"missing, Failed to find auth token in request.", "expired, Failed to validate auth token.",
            "alg-none, Failed to validate auth token.", "wrong-key, Failed to validate auth token."})
    void folioPathsAnswer401InTheFolioEnvelope(String kind, String message) {
        send(kind, "x-okapi-token", "/entitlements").then().statusCode(401)
                .body("errors[0].message", equalTo(message))
                .body("errors[0].code", equalTo("auth_error"))
                .body("errors[0].type", equalTo("NotAuthorizedException"))
                .body("total_records", equalTo(1));
    }

    @Test
    void networkJwtsArePublicButOtherZitiPathsAreNot() {
        given().when().get("/edge/management/v1/network-jwts")
                .then().statusCode(200).body("upstream", equalTo("ziti")).body("headers.authorization", equalTo(null));
        given().when().post("/edge/management/v1/network-jwts").then().statusCode(401);
        given().when().get("/edge/management/v1/network-jwts/../enrollments").then().statusCode(401);
    }

    @Test
    void zitiClientApiPassesThroughWithItsOwnSessionToken() {
        // enroll/authenticate need no token; an API-session token is the controller's to check, not ours
        given().contentType("application/json").body("{\"username\":\"u\",\"password\":\"p\"}")
                .when().post("/edge/client/v1/authenticate?method=password")
                .then().statusCode(200).body("upstream", equalTo("ziti")).body("path", equalTo("/edge/client/v1/authenticate"));
        given().header("zt-session", "opaque-api-session-token")
                .when().post("/edge/client/v1/sessions")
                .then().statusCode(200)
                .body("headers.zt-session", equalTo("opaque-api-session-token"))
                .body("headers.authorization", equalTo(null))
                .body("headers.x-user-id", equalTo(null));
    }

    @Test
    void requestIdIsKeptWhenGivenAndGeneratedWhenAbsent() {
        String mine = "client-id-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + TestTokens.admin()).header("X-Request-Id", mine)
                .when().get("/provisioning/batches")
                .then().statusCode(200).header("X-Request-Id", mine).body("headers.x-request-id", equalTo(mine));

        Response response = given().header("Authorization", "Bearer " + TestTokens.admin())
                .when().get("/provisioning/batches");
        String generated = response.header("X-Request-Id");
        assertTrue(generated.matches(UUID_PATTERN), generated);
        assertEquals(generated, response.jsonPath().getString("headers.x-request-id"));

        given().when().get("/provisioning/batches").then().statusCode(401).header("X-Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void refusedUpstreamIsA502WithTheRequestId() {
        given().header("Authorization", "Bearer " + TestTokens.admin()).header("X-Request-Id", "dead-1")
                .when().get("/dead/anything")
                .then().statusCode(502)
                .body("status", equalTo(502))
                .body("message", containsString("dead"))
                .body("requestId", equalTo("dead-1"));
    }

    @Test
    void silentUpstreamIsA504AfterTheReadTimeoutAndDoesNotSlowOtherRoutes() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = TestTokens.token().subject("slow-test").groups("admin").sign();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        Instant started = Instant.now();
        for (int i = 0; i < 10; i++) {
            slow.add(client.sendAsync(HttpRequest.newBuilder(gateway.resolve("/provisioning/slow/" + i))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // while ten requests hang on provisioning, the other services answer
        given().header("Authorization", "Bearer " + token).when().get("/edge/management/v1/enrollments")
                .then().statusCode(200).body("upstream", equalTo("ziti"));
        for (CompletableFuture<HttpResponse<String>> pending : slow) {
            HttpResponse<String> response = pending.get();
            assertEquals(504, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"status\":504"), response.body());
        }
        // configured read timeout is 1 s: all ten answered well before the client's own 20 s
        assertTrue(Duration.between(started, Instant.now()).toSeconds() < 15);
    }

    @Test
    void clientOverItsRateLimitGets429WithRetryAfter() {
        String token = TestTokens.token().subject("greedy-" + UUID.randomUUID()).groups("viewer").sign();
        for (int i = 0; i < 100; i++) {
            given().header("zt-session", token).when().get("/edge/management/v1/enrollments").then().statusCode(200);
        }
        Response limited = null;
        for (int i = 0; i < 300 && limited == null; i++) {
            Response response = given().header("zt-session", token).when().get("/edge/management/v1/enrollments");
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(limited != null, "no 429 within 400 requests at a burst of 100 and 1 request/s");
        assertEquals("RATE_LIMITED", limited.jsonPath().getString("error.code"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // another client is not affected
        given().header("zt-session", TestTokens.token().subject("polite").sign())
                .when().get("/edge/management/v1/enrollments").then().statusCode(200);
    }

    @Test
    void fiftyMegabyteUploadAndDownloadStreamThrough() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> upload = client.send(HttpRequest.newBuilder(gateway.resolve("/provisioning/batches/upload"))
                .header("Authorization", "Bearer " + TestTokens.admin())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("\"bodyBytes\":" + size), upload.body());

        HttpResponse<InputStream> download = client.send(HttpRequest.newBuilder(
                        gateway.resolve("/provisioning/download?bytes=" + size))
                .header("Authorization", "Bearer " + TestTokens.admin()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        long read = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
            }
        }
        assertEquals(size, read);
    }

    @Test
    void metricsCountRequestsAndUpstreamErrorsPerRoute() {
        given().header("Authorization", "Bearer " + TestTokens.admin()).get("/dead/x").then().statusCode(502);
        given().header("Authorization", "Bearer " + TestTokens.admin()).get("/tenants").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("gateway_upstream_errors_total{kind=\"unavailable\",route=\"dead\"}"), metrics);
        assertTrue(metrics.contains("gateway_requests_seconds_bucket{method=\"GET\",route=\"entitlement\",status=\"200\""));
    }

    @Test
    void docsLinkEveryServiceDocument() {
        given().when().get("/docs").then().statusCode(200)
                .body("gateway", equalTo("/q/openapi"))
                .body("services.find { it.name == 'ziti' }.openapi", equalTo("/docs/ziti/openapi"));
        given().when().get("/docs/mdm/openapi?format=json").then().statusCode(200)
                .body("upstream", equalTo("mdm")).body("path", equalTo("/q/openapi")).body("query", equalTo("format=json"));
        given().when().get("/docs/nope/openapi").then().statusCode(404).body("status", equalTo(404));
    }

    private Response send(String kind, String header, String path) {
        String token = switch (kind) {
            case "missing" -> null;
            case "expired" -> TestTokens.token().expiresAt(Instant.now().minusSeconds(600)).sign();
            case "alg-none" -> TestTokens.token().groups("admin").unsigned();
            case "wrong-key" -> TestTokens.token().groups("admin").signWithUnknownKey();
            case "wrong-issuer" -> TestTokens.token().issuer("https://evil.example").sign();
            case "wrong-audience" -> TestTokens.token().audience("someone-else").sign();
            case "garbage" -> "not.a.jwt";
            default -> throw new IllegalArgumentException(kind);
        };
        var request = given();
        if (token != null) {
            request.header(header, header.equals("Authorization") ? "Bearer " + token : token);
        }
        Response response = request.when().get(path);
        assertNotEquals(null, response.header("X-Request-Id"));
        return response;
    }

    /** {@code size} zero bytes, never held in memory at once. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
