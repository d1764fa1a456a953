package org.onboarding.gateway.route;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.onboarding.gateway.RawHttp;
import org.onboarding.gateway.UpstreamServers;
import org.onboarding.testsupport.TestTokens;

import io.vertx.core.json.JsonObject;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            "/.well-known/est/cacerts, ziti",
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
    void corsIsAnsweredByTheGatewayOnProxiedPaths() {
        // the proxied routes are served ahead of Quarkus' security handlers but behind its CORS filter
        given().header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "zt-session,content-type")
                .when().options("/edge/management/v1/enrollments")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173")
                .header("Access-Control-Allow-Headers", containsString("zt-session"))
                .header("X-Upstream", nullValue());
        given().header("Origin", "http://localhost:5173")
                .header("Authorization", "Bearer " + TestTokens.admin())
                .when().get("/edge/management/v1/enrollments")
                .then().statusCode(200)
                .header("X-Upstream", "ziti")
                .header("Access-Control-Allow-Origin", "http://localhost:5173")
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
        given().header("Origin", "https://not-allowed.example")
                .header("Authorization", "Bearer " + TestTokens.admin())
                .when().get("/edge/management/v1/enrollments")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("X-Upstream", nullValue());
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
                .body("headers.zt-session", nullValue())
                .body("headers.x-okapi-token", nullValue())
                .body("headers.x-user-id", equalTo("native-" + header))
                .body("headers.x-user-roles", equalTo("operator"));
    }

    @Test
    void eachApiReadsItsTokenWithItsServicesPrecedenceAndOneTokenGoesOn() {
        String native_ = TestTokens.token().subject("native-user").groups("viewer").sign();
        String bearer = TestTokens.token().subject("bearer-user").groups("admin").sign();
        // OpenZiti: zt-session first, as ziti-edge-service reads it; the Bearer one never arrives
        given().header("zt-session", native_).header("Authorization", "Bearer " + bearer)
                .when().get("/edge/management/v1/enrollments")
                .then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + native_))
                .body("headers.zt-session", nullValue())
                .body("headers.x-user-id", equalTo("native-user"));
        // FOLIO: the same token in both headers is one token
        given().header("x-okapi-token", native_).header("Authorization", "Bearer " + native_)
                .when().get("/entitlements")
                .then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + native_))
                .body("headers.x-okapi-token", nullValue())
                .body("headers.x-user-id", equalTo("native-user"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // OpenZiti reads zt-session before Bearer: garbage there is refused even beside a valid Bearer
            "/edge/management/v1/enrollments | zt-session | not.a.jwt | VALID",
            // FOLIO: two different tokens are its 400 TokenMismatchException
            "/entitlements | x-okapi-token | OTHER | VALID",
            // Applivery and FastAPI read Bearer only: a valid token elsewhere is no token
            "/v1/organizations/acme | zt-session | VALID | -",
            "/provisioning/batches | x-okapi-token | VALID | -",
            "/provisioning/batches | Authorization | OVER_LIFETIME | -",
            "/edge/management/v1/enrollments | Authorization | EXPIRED | -",
            "/entitlements | - | - | -"})
    void aRequestTheServiceWillRefuseGoesOnAsItCameWithoutItsBody(String path, String header, String value,
                                                                  String bearer) {
        var request = given().contentType("application/json").body("{\"name\":\"a body the service never reads\"}")
                .header("X-User-Id", "forged");
        String sent = token(value);
        if (!header.equals("-")) {
            request.header(header, header.equals("Authorization") ? "Bearer " + sent : sent);
        }
        if (!bearer.equals("-")) {
            request.header("Authorization", "Bearer " + token(bearer));
        }
        // the service answers: here the echo, which shows that it got the client's own token headers, no identity
        // of the gateway's and no body (so the connection, its body unread, is closed after the answer)
        request.when().post(path).then().statusCode(200)
                .header("Connection", "close")
                .body("bodyBytes", equalTo(0))
                .body("headers.content-length", equalTo("0"))
                .body("headers.x-user-id", nullValue())
                .body("headers.x-user-roles", nullValue())
                .body(header.equals("-") ? "headers.x-request-id" : "headers." + header.toLowerCase(Locale.ROOT),
                        header.equals("-") ? notNullValue()
                                : equalTo(header.equals("Authorization") ? "Bearer " + sent : sent));
    }

    private static String token(String kind) {
        return switch (kind) {
            case "VALID" -> TestTokens.token().subject("valid").groups("admin").sign();
            case "OTHER" -> TestTokens.token().subject("other").groups("admin").sign();
            case "EXPIRED" -> TestTokens.token().expiresAt(Instant.now().minusSeconds(600)).sign();
            // validly signed, but exp - iat is over the 24 h the platform accepts
            case "OVER_LIFETIME" -> TestTokens.token().expiresAt(Instant.now().plus(Duration.ofHours(25))).sign();
            default -> kind;
        };
    }

    @Test
    void clientCertificateAndForwardedHeadersFromTheClientAreNotTrusted() {
        // gateway.client-cert-header.trusted and gateway.trust-forwarded-headers are false outside prod
        for (String path : List.of("/edge/client/v1/authenticate?method=cert", "/edge/management/v1/enrollments")) {
            given().header("zt-session", TestTokens.admin())
                    .header("X-Client-Cert", "-----BEGIN%20CERTIFICATE-----forged")
                    .header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "evil.example")
                    .header("X-Forwarded-For", "203.0.113.9")
                    .when().post(path)
                    .then().statusCode(200)
                    .body("upstream", equalTo("ziti"))
                    .body("headers.x-client-cert", nullValue())
                    .body("headers.x-forwarded-proto", equalTo("http"))
                    .body("headers.x-forwarded-host", containsString("localhost"))
                    .body("headers.x-forwarded-for", equalTo("203.0.113.9, 127.0.0.1"));
        }
    }

    @Test
    void hopByHopHeadersAreDroppedBothWays() throws IOException {
        String token = TestTokens.token().subject("hop-test").groups("admin").sign();
        // request: the fixed hop-by-hop list and whatever the client's Connection header names
        Raw sent = raw(null, "GET /tenants/hop HTTP/1.1", "Authorization: Bearer " + token,
                "Connection: close, X-Hop-Secret, X-Other-Hop", "X-Hop-Secret: s", "X-Other-Hop: o", "TE: trailers",
                "X-Kept: yes");
        assertEquals(200, sent.status(), sent.body());
        JsonObject seen = new JsonObject(sent.body()).getJsonObject("headers");
        assertEquals("yes", seen.getString("x-kept"));
        assertEquals("hop-test", seen.getString("x-user-id"));
        for (String dropped : List.of("x-hop-secret", "x-other-hop", "te", "connection")) {
            assertFalse(seen.containsKey(dropped), dropped + " reached the upstream: " + seen);
        }

        // response: the upstream sends every hop-by-hop header and names a private one in its Connection header
        Response response = given().header("Authorization", "Bearer " + token).when().get("/tenants/x/hop-by-hop");
        response.then().statusCode(200).header("X-Upstream", "entitlement");
        for (String dropped : List.of("Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE",
                "Trailer", "Upgrade", "X-Upstream-Private")) {
            assertEquals(null, response.header(dropped), dropped + " reached the client");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/edge/client/v1/../../management/v1/enrollments",
            "/edge/client/v1/%2e%2e/%2e%2e/management/v1/enrollments",
            "/edge/client/v1/%2E%2E/%2e%2E/management/v1/enrollments",
            "/edge/client/v1/./.././../management/v1/enrollments",
            "/edge/management/v1/network-jwts/../enrollments",
            "/edge/management/v1/network-jwts/%2e%2e/enrollments",
            "/edge/client/v1//../management/v1/enrollments",
            "/provisioning/batches/..",
            "/docs/../q/metrics"})
    void pathsNotInNormalFormAreRefusedBeforeRouting(String path) throws IOException {
        // the raw path is what the upstream would receive: checked as one path, served as another
        Raw refused = raw(null, "GET " + path + " HTTP/1.1", "X-Request-Id: not-normal-1");
        assertEquals(400, refused.status(), refused.body());
        assertEquals("not-normal-1", refused.header("X-Request-Id"));
        JsonObject body = new JsonObject(refused.body());
        assertEquals(400, body.getInteger("status"));
        assertEquals("not-normal-1", body.getString("requestId"));
        assertEquals(null, body.getString("upstream"));
    }

    @Test
    void encodedCharactersOtherThanDotsStillPass() throws IOException {
        Raw passed = raw(null, "GET /tenants/a%20b%2Fc HTTP/1.1", "Authorization: Bearer " + TestTokens.admin());
        assertEquals(200, passed.status(), passed.body());
        assertEquals("/tenants/a%20b%2Fc", new JsonObject(passed.body()).getString("path"));
    }

    @ParameterizedTest
    @CsvSource({
            "missing, zt-session, /edge/management/v1/enrollments",
            "expired, Authorization, /edge/management/v1/enrollments",
            "alg-none, zt-session, /edge/management/v1/enrollments",
            "wrong-key, Authorization, /v1/organizations/acme",
            "wrong-issuer, Authorization, /provisioning/batches",
            "wrong-audience, x-okapi-token, /entitlements",
            "garbage, x-okapi-token, /entitlements"})
    void refusedTokensNeverReachTheServiceAsAnIdentity(String kind, String header, String path) {
        send(kind, header, path).then().statusCode(200)
                .body("headers.x-user-id", nullValue())
                .body("headers.x-user-roles", nullValue());
    }

    @Test
    void networkJwtsArePublicButOtherZitiPathsAreNot() {
        given().when().get("/edge/management/v1/network-jwts")
                .then().statusCode(200).body("upstream", equalTo("ziti")).body("headers.authorization", equalTo(null));
        // a public path gets the body; a refused one (for the service to answer) does not
        given().body("x").when().get("/edge/management/v1/network-jwts").then().statusCode(200).body("bodyBytes", equalTo(1));
        given().body("x").when().post("/edge/management/v1/network-jwts").then().statusCode(200).body("bodyBytes", equalTo(0));
        given().body("x").when().get("/edge/management/v1/network-jwts/x").then().statusCode(200).body("bodyBytes", equalTo(0));
        // the CA bundle that verifies enrollment JWTs is public too, at the root (where SDKs look) and under the API
        for (String path : List.of("/.well-known/est/cacerts", "/edge/management/v1/.well-known/est/cacerts")) {
            given().when().get(path).then().statusCode(200).body("upstream", equalTo("ziti"))
                    .body("headers.authorization", equalTo(null));
        }
        given().body("x").when().get("/.well-known/est/other").then().statusCode(200).body("bodyBytes", equalTo(0));
    }

    @Test
    void provisioningRootAndHealthArePublicUnderTheBasePathButItsApiIsNot() {
        for (String path : List.of("/provisioning", "/provisioning/", "/provisioning/health")) {
            given().when().get(path).then().statusCode(200).body("upstream", equalTo("provisioning"))
                    .body("path", equalTo(path)).body("headers.authorization", equalTo(null));
        }
        // anything else under the base path is refused without a token: it goes on without its body and without an
        // identity, for the service to give its own 401
        given().body("x").when().post("/provisioning/health").then().statusCode(200)
                .body("bodyBytes", equalTo(0)).body("headers.x-user-id", nullValue());
        given().body("x").when().get("/provisioning/provisioning/batches").then().statusCode(200)
                .body("path", equalTo("/provisioning/provisioning/batches")).body("bodyBytes", equalTo(0))
                .body("headers.x-user-id", nullValue());
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

        given().when().get("/provisioning/batches").then().statusCode(200).header("X-Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void theClientGetsOneRequestIdTheGatewaysNotTheUpstreams() throws IOException {
        // the upstream echoes an X-Request-Id of its own making
        Raw proxied = raw(null, "GET /tenants HTTP/1.1", "Authorization: Bearer " + TestTokens.admin(),
                "X-Request-Id: only-one-1");
        assertEquals(200, proxied.status());
        assertEquals(List.of("only-one-1"), proxied.headers().get("x-request-id"));
        Raw failed = raw(null, "GET /dead/x HTTP/1.1", "Authorization: Bearer " + TestTokens.admin(),
                "X-Request-Id: only-one-2");
        assertEquals(502, failed.status());
        assertEquals(List.of("only-one-2"), failed.headers().get("x-request-id"));
    }

    @Test
    void theGatewaysOwnEndpointsCarryTheRequestIdToo() {
        given().header("X-Request-Id", "own-token").formParam("grant_type", "client_credentials")
                .formParam("client_id", "platform-admin").formParam("client_secret", "nope")
                .when().post("/auth/token").then().statusCode(401).header("X-Request-Id", "own-token");
        given().header("X-Request-Id", "own-login").contentType("application/json")
                .body("{\"username\":\"platform-admin\",\"password\":\"wrong\"}")
                .when().post("/edge/management/v1/authenticate?method=password")
                .then().statusCode(401).header("X-Request-Id", "own-login").body("error.requestId", equalTo("own-login"));
        Response generated = given().contentType("application/json").body("{not json")
                .when().post("/edge/management/v1/authenticate?method=password");
        generated.then().statusCode(400).header("X-Request-Id", matchesPattern(UUID_PATTERN));
        assertEquals(generated.header("X-Request-Id"), generated.jsonPath().getString("error.requestId"));
        given().header("X-Request-Id", "own-docs").when().get("/docs")
                .then().statusCode(200).header("X-Request-Id", "own-docs");
        given().header("X-Request-Id", "own-service-doc").when().get("/docs/mdm/openapi")
                .then().statusCode(200).header("X-Request-Id", "own-service-doc")
                .body("headers.x-request-id", equalTo("own-service-doc"));
        given().header("X-Request-Id", "own-health").when().get("/q/health/live")
                .then().statusCode(200).header("X-Request-Id", "own-health");
        given().when().get("/q/metrics").then().statusCode(200).header("X-Request-Id", matchesPattern(UUID_PATTERN));
        given().header("X-Request-Id", "own-404").when().get("/nowhere")
                .then().statusCode(404).header("X-Request-Id", "own-404").body("requestId", equalTo("own-404"));
    }

    @Test
    void theConsolesQueueHoldsSeveralAccessLogBatchesSoAnEventLoopDoesNotWaitToHandOneOver() {
        List<AsyncHandler> consoles = asyncHandlers(LogContext.getLogContext().getLogger("").getHandlers());
        assertFalse(consoles.isEmpty(), "the console is asynchronous");
        for (AsyncHandler console : consoles) {
            assertTrue(console.getQueueLength() >= 4 * AccessLog.MAX_BATCH,
                    "queue of " + console.getQueueLength() + " records for batches of up to " + AccessLog.MAX_BATCH);
        }
    }

    private static List<AsyncHandler> asyncHandlers(Handler[] handlers) {
        List<AsyncHandler> found = new ArrayList<>();
        for (Handler handler : handlers) {
            if (handler instanceof AsyncHandler async) {
                found.add(async);
            } else if (handler instanceof ExtHandler parent) {
                found.addAll(asyncHandlers(parent.getHandlers())); // Quarkus' delayed handler holds the configured ones
            }
        }
        return found;
    }

    @Test
    void everyRequestWritesOneAccessLogLine() throws Exception {
        try (AccessLines lines = new AccessLines()) {
            String id = "log-" + UUID.randomUUID();
            given().header("Authorization", "Bearer " + TestTokens.token().subject("log-user").groups("viewer").sign())
                    .header("X-Request-Id", id)
                    .when().get("/provisioning/batches").then().statusCode(200);
            String proxied = lines.await(id);
            assertTrue(proxied.startsWith("GET /provisioning/batches 200 "), proxied);
            assertTrue(proxied.contains(" request_id=" + id + " "), proxied);
            assertTrue(proxied.contains(" sub=log-user "), proxied);
            assertTrue(proxied.endsWith(" route=provisioning"), proxied);

            String ownId = "log-own-" + UUID.randomUUID();
            given().header("X-Request-Id", ownId).when().get("/docs").then().statusCode(200);
            String own = lines.await(ownId);
            assertTrue(own.startsWith("GET /docs 200 "), own);
            assertTrue(own.endsWith(" sub=- route=gateway"), own);
            assertEquals(1, lines.lines.stream().filter(line -> line.contains(id)).count(), lines.lines.toString());
        }
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerIsA499NotAnUpstreamError() throws Exception {
        try (AccessLines lines = new AccessLines()) {
            String id = "leave-" + UUID.randomUUID();
            try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
                String token = TestTokens.token().subject("leaving-user").groups("viewer").sign();
                socket.getOutputStream().write(("GET /provisioning/slow/leave HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + token + "\r\nX-Request-Id: " + id + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(300); // well inside provisioning's 1 s read timeout: the upstream is still working
            }
            String line = lines.await(id);
            assertTrue(line.startsWith("GET /provisioning/slow/leave 499 "), line);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("gateway_requests_seconds_count{method=\"GET\",route=\"provisioning\",status=\"499\"}"),
                metrics);
        // the upstream did nothing wrong: no 502 recorded, no upstream error counted
        assertFalse(metrics.contains("route=\"provisioning\",status=\"502\""), metrics);
        assertFalse(metrics.contains("gateway_upstream_errors_total{kind=\"unavailable\",route=\"provisioning\"}"), metrics);
    }

    @Test
    void aClientThatLeavesDuringTheBodyIsA499AndTheRouteGoesOn() throws Exception {
        try (AccessLines lines = new AccessLines()) {
            String id = "leave-body-" + UUID.randomUUID();
            String token = TestTokens.token().subject("leaving-reader").groups("viewer").sign();
            try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /entitlements/download?bytes=" + 50_000_000
                        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nX-Request-Id: " + id
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                assertTrue(RawHttp.line(in).startsWith("HTTP/1.1 200"));
                assertEquals(256 * 1024, in.readNBytes(256 * 1024).length); // head and the first of 50 MB, then away
            }
            String line = lines.await(id);
            assertTrue(line.startsWith("GET /entitlements/download 499 "), line);
            // the half-read upstream exchange was dropped, not pooled: the route answers the next request whole
            given().header("Authorization", "Bearer " + token).when().get("/entitlements/after-leaving")
                    .then().statusCode(200).body("path", equalTo("/entitlements/after-leaving"));
        }
    }

    @Test
    void anUpstreamThatBreaksOffMidBodyCutsTheClientOffAndIsA502() throws Exception {
        try (AccessLines lines = new AccessLines()) {
            String id = "broken-" + UUID.randomUUID();
            Raw response = raw(null, "GET /v1/organizations/acme/broken HTTP/1.1",
                    "Authorization: Bearer " + TestTokens.token().subject("broken-reader").groups("viewer").sign(),
                    "X-Request-Id: " + id);
            // the head had gone out as a 200; the client learns the body is incomplete from the missing last chunk
            assertEquals(200, response.status());
            assertTrue(response.body().contains("the beginning of an answer"), response.body());
            assertFalse(response.body().endsWith("0\r\n\r\n"), response.body());
            String line = lines.await(id);
            assertTrue(line.startsWith("GET /v1/organizations/acme/broken 502 "), line);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("gateway_upstream_errors_total{kind=\"broken\",route=\"mdm\"}"), metrics);
    }

    @Test
    void anUpstreamThatBreaksOffBeforeItsBodyIsA502InTheGatewayShape() throws Exception {
        Raw response = raw(null, "GET /v1/organizations/acme/broken-before-body HTTP/1.1",
                "Authorization: Bearer " + TestTokens.token().subject("broken-early").groups("viewer").sign(),
                "X-Request-Id: broken-early-1");
        // nothing of the upstream's answer had reached the client: the gateway's own 502, framed by its own length
        assertEquals(502, response.status(), response.body());
        assertEquals("broken-early-1", response.header("X-Request-Id"));
        assertEquals(null, response.header("X-Upstream-Head"));
        assertEquals(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length),
                response.header("Content-Length"));
        assertTrue(response.header("Date") != null);
        JsonObject body = new JsonObject(response.body());
        assertEquals(502, body.getInteger("status"));
        assertEquals("broken-early-1", body.getString("requestId"));
        assertTrue(body.getString("message").contains("mdm"), body.encode());
    }

    @Test
    void proxiedResponsesCarryAnHttpDateAndKeepTheUpstreams() {
        String date = given().header("Authorization", "Bearer " + TestTokens.admin()).when().get("/tenants")
                .then().statusCode(200).extract().header("Date");
        // RFC 9110 IMF-fixdate: two-digit day, GMT
        assertTrue(date != null && date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), date);
        Instant sent = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(date, Instant::from);
        assertTrue(Duration.between(sent, Instant.now()).abs().toSeconds() <= 5, date);

        String upstreams = "Sun, 06 Nov 1994 08:49:37 GMT";
        given().header("Authorization", "Bearer " + TestTokens.admin()).queryParam("date", upstreams)
                .when().get("/tenants").then().statusCode(200).header("Date", upstreams);
    }

    @Test
    void refusedUpstreamIsA502WithTheRequestId() {
        Instant started = Instant.now();
        given().header("Authorization", "Bearer " + TestTokens.admin()).header("X-Request-Id", "dead-1")
                .when().get("/dead/anything")
                .then().statusCode(502)
                .header("X-Request-Id", "dead-1")
                .body("status", equalTo(502))
                .body("message", containsString("dead"))
                .body("requestId", equalTo("dead-1"));
        // a refused connection is answered at once, not after the 2 s connect timeout or a retry loop
        Duration took = Duration.between(started, Instant.now());
        assertTrue(took.toMillis() < 5_000, "502 after " + took);
    }

    @Test
    void silentUpstreamIsA504AfterTheReadTimeoutAndDoesNotSlowOtherRoutes() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = TestTokens.token().subject("slow-test").groups("admin").sign();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        List<CompletableFuture<Duration>> answeredAfter = new ArrayList<>();
        Instant started = Instant.now();
        for (int i = 0; i < 10; i++) {
            CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                    HttpRequest.newBuilder(gateway.resolve("/provisioning/slow/" + i))
                            .header("Authorization", "Bearer " + token).header("X-Request-Id", "slow-" + i)
                            .timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            slow.add(pending);
            answeredAfter.add(pending.thenApply(response -> Duration.between(started, Instant.now())));
        }
        // while ten requests hang on provisioning, the other services answer
        given().header("Authorization", "Bearer " + token).when().get("/edge/management/v1/enrollments")
                .then().statusCode(200).body("upstream", equalTo("ziti"));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = slow.get(i).get();
            assertEquals(504, response.statusCode(), response.body());
            JsonObject body = new JsonObject(response.body());
            assertEquals(504, body.getInteger("status"));
            assertEquals("slow-" + i, response.headers().firstValue("X-Request-Id").orElse(null));
            assertEquals("slow-" + i, body.getString("requestId"));
            // the configured read timeout (1 s) is what answered: not before it, and not much after it
            Duration after = answeredAfter.get(i).get();
            assertTrue(after.toMillis() >= 1_000, "504 after " + after);
            assertTrue(after.toMillis() < 6_000, "504 after " + after);
        }
    }

    @Test
    void anonymousClientsAreLimitedByTheirAddress() throws IOException {
        // a loopback address no other test uses (Linux routes all of 127/8 to lo): its own bucket of 100
        Raw limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            Raw response = raw("127.0.0.7", "GET /edge/management/v1/network-jwts HTTP/1.1");
            if (response.status() == 429) {
                limited = response;
            } else {
                assertEquals(200, response.status(), response.body());
            }
        }
        assertTrue(limited != null, "no 429 within 400 anonymous requests at a burst of 100 and 1 request/s");
        assertEquals("RATE_LIMITED", new JsonObject(limited.body()).getJsonObject("error").getString("code"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // another address is another client
        assertEquals(200, raw("127.0.0.8", "GET /edge/management/v1/network-jwts HTTP/1.1").status());
    }

    @Test
    void rateLimitAnswersInTheEnvelopeOfTheRoute() {
        String token = TestTokens.token().subject("greedy-fastapi-" + UUID.randomUUID()).groups("viewer").sign();
        Response limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            Response response = given().header("Authorization", "Bearer " + token).when().get("/provisioning/batches");
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(limited != null, "no 429 within 400 requests at a burst of 100 and 1 request/s");
        assertEquals("Too Many Requests", limited.jsonPath().getString("detail"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
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
    void fiftyMegabyteUploadStreamsThrough() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServerSocket signal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            signal.setSoTimeout(15_000);
            AtomicBoolean upstreamHadBytes = new AtomicBoolean();
            // after the first MiB the body stops until the upstream says it has received bytes: a gateway that
            // buffered the body before forwarding it would never let them arrive, and the upload fails
            Runnable awaitUpstream = () -> {
                try (Socket ignored = signal.accept()) {
                    upstreamHadBytes.set(true);
                } catch (SocketTimeoutException e) {
                    throw new IllegalStateException("the upstream got nothing of the first MiB within 15 s", e);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            HttpResponse<String> upload = client.send(HttpRequest.newBuilder(
                            gateway.resolve("/provisioning/batches/upload?signal=" + signal.getLocalPort()))
                    .header("Authorization", "Bearer " + TestTokens.admin())
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ZeroStream(size, 1024 * 1024, awaitUpstream)), size))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(upstreamHadBytes.get());
            assertEquals(200, upload.statusCode(), upload.body());
            assertTrue(upload.body().contains("\"bodyBytes\":" + size), upload.body());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/edge/management/v1/identities | 1048577 | error.code | REQUEST_TOO_LARGE",
            "/v1/organizations/acme | 10485761 | error.code | 3000",
            "/entitlements | 10485761 | errors[0].type | PayloadTooLargeException"})
    void aBodyOverTheRoutesLimitIs413InTheApisEnvelopeBeforeAnythingIsForwarded(String path, long size, String field,
                                                                               String value) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String before = given().get("/q/metrics").asString();
        for (boolean chunked : new boolean[] {false, true}) {
            // chunked: a stream of unknown length (HttpClient sends Transfer-Encoding: chunked)
            HttpRequest.BodyPublisher body = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size, Long.MAX_VALUE, null))
                    : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ZeroStream(size, Long.MAX_VALUE, null)), size);
            HttpResponse<String> response;
            try {
                response = client.send(HttpRequest.newBuilder(gateway.resolve(path))
                        .header("Authorization", "Bearer " + TestTokens.admin())
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                continue; // the gateway may close before the client has sent all: then the raw test below decides
            }
            assertEquals(413, response.statusCode(), "chunked=" + chunked + " " + response.body());
            assertEquals(value, String.valueOf(io.restassured.path.json.JsonPath.from(response.body()).getString(field)));
            assertTrue(response.headers().firstValue("X-Upstream").isEmpty(), "never reached the service");
        }
        // a chunked body over the limit, sent without waiting: 413 in the envelope, and the service saw nothing
        Raw raw = rawChunked(path, size);
        assertEquals(413, raw.status(), raw.body());
        assertEquals(value, String.valueOf(io.restassured.path.json.JsonPath.from(raw.body()).getString(field)));
        assertEquals(null, raw.header("X-Upstream"));
        String after = given().get("/q/metrics").asString();
        assertEquals(upstreamErrors(before), upstreamErrors(after), "a 413 is no upstream error");
    }

    @Test
    void aChunkedBodyWithinTheLimitArrivesWhole() {
        byte[] body = new byte[300_000];
        given().header("Authorization", "Bearer " + TestTokens.admin())
                .contentType("application/octet-stream")
                .body(new java.io.ByteArrayInputStream(body)) // RestAssured streams an InputStream chunked
                .when().post("/edge/management/v1/identities")
                .then().statusCode(200)
                .body("bodyBytes", equalTo(300_000))
                .body("headers.content-length", equalTo("300000"))
                .body("headers.transfer-encoding", nullValue());
    }

    @Test
    void requestLinesHaveEachRoutesLimitAndEvery414HasABody() throws IOException {
        String token = "Authorization: Bearer " + TestTokens.admin();
        String query = "?q=" + "a".repeat(8_000);
        // FOLIO clients send long CQL queries: its route takes up to 32 KiB, the others the usual 4 KiB
        Raw folio = raw(null, "GET /entitlements" + query + " HTTP/1.1", token);
        assertEquals(200, folio.status(), folio.headers() + folio.body());
        Raw ziti = raw(null, "GET /edge/management/v1/enrollments" + query + " HTTP/1.1", token);
        assertEquals(414, ziti.status());
        assertEquals("URI_TOO_LONG", new JsonObject(ziti.body()).getJsonObject("error").getString("code"));
        Raw fastApi = raw(null, "GET /provisioning/batches" + query + " HTTP/1.1", token);
        assertEquals(414, fastApi.status());
        assertEquals("Request-URI Too Long", new JsonObject(fastApi.body()).getString("detail"));
        // beyond the server's own limit the gateway cannot tell the route: its own JSON error
        Raw tooLong = raw(null, "GET /entitlements?q=" + "a".repeat(40_000) + " HTTP/1.1", token);
        assertEquals(414, tooLong.status());
        assertEquals(414, new JsonObject(tooLong.body()).getInteger("status"));
        Raw headers = raw(null, "GET /entitlements HTTP/1.1", token, "X-Big: " + "b".repeat(30_000));
        assertEquals(431, headers.status());
        assertEquals(431, new JsonObject(headers.body()).getInteger("status"));
    }

    @Test
    void corsPreflightsAllowTheHeadersOfEachRoutesUi() {
        given().header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-etab,x-roles,authorization")
                .when().options("/provisioning/batches")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173")
                .header("Access-Control-Allow-Headers", containsString("X-Etab"))
                .header("Access-Control-Allow-Headers", containsString("X-Roles"));
        given().header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-okapi-tenant,x-okapi-token")
                .when().options("/entitlements")
                .then().statusCode(200)
                .header("Access-Control-Allow-Headers", containsString("x-okapi-tenant"));
    }

    private static String upstreamErrors(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("gateway_upstream_errors_total")).sorted().toList().toString();
    }

    /** A chunked upload of {@code size} zero bytes written without waiting, and the answer. */
    private Raw rawChunked(String path, long size) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestTokens.admin()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheGateway) {
                // it answered and closed before the whole body was sent: read its answer
            }
            return read(socket.getInputStream());
        }
    }

    @Test
    void fiftyMegabyteDownloadStreamsThrough() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServerSocket signal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            signal.setSoTimeout(15_000);
            // the upstream sends its first 64 KiB and the rest only once we have read bytes: a gateway that
            // buffered the response would hold even the headers until the upstream gives up (20 s)
            HttpResponse<InputStream> download = client.send(HttpRequest.newBuilder(gateway.resolve(
                                    "/provisioning/download?bytes=" + size + "&signal=" + signal.getLocalPort()))
                            .header("Authorization", "Bearer " + TestTokens.admin())
                            .timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, download.statusCode());
            long read = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[64 * 1024];
                int first = in.read(buffer);
                assertTrue(first > 0);
                read += first;
                try (Socket go = signal.accept()) {
                    go.getOutputStream().write(1);
                }
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read += n;
                }
            }
            assertEquals(size, read);
        }
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

    /** The access-log lines logged while it is open. */
    private static final class AccessLines extends Handler implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final java.util.logging.Logger access = java.util.logging.Logger.getLogger("gateway.access");

        AccessLines() {
            access.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            access.removeHandler(this);
        }

        /** The line of that request: written when the response ends, which may be just after the client has it. */
        String await(String requestId) throws InterruptedException {
            for (int i = 0; i < 100; i++) {
                for (String line : lines) {
                    if (line.contains(requestId)) {
                        return line;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no access log line with " + requestId + " in " + lines);
        }
    }

    /** A response read off a plain socket: nothing between the test and the gateway rewrites the request. */
    record Raw(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /**
     * Sends one HTTP/1.1 request exactly as written (raw path, every header) on a new connection, optionally from a
     * given loopback address, and reads the response (Content-Length framed, else up to the end of the stream).
     */
    private Raw raw(String fromAddress, String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            if (fromAddress != null) {
                socket.bind(new InetSocketAddress(fromAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost:").append(gateway.getPort());
            boolean connection = false;
            for (String header : headers) {
                request.append("\r\n").append(header);
                connection |= header.regionMatches(true, 0, "Connection:", 0, 11);
            }
            if (!connection) {
                request.append("\r\nConnection: close");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            return read(socket.getInputStream());
        }
    }

    /** The response: head, then a body framed by its Content-Length, else up to the end of the stream. */
    private static Raw read(InputStream in) throws IOException {
        Map<String, List<String>> headers = RawHttp.headers();
        int status = RawHttp.head(in, headers);
        List<String> length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length.get(0))) : in.readAllBytes();
        return new Raw(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * {@code size} zero bytes, never held in memory at once; after {@code gateAt} bytes it runs {@code gate} once
     * before going on (an exception there fails the upload).
     */
    private static final class ZeroStream extends InputStream {
        private long remaining;
        private long untilGate;
        private Runnable gate;

        ZeroStream(long size, long gateAt, Runnable gate) {
            this.remaining = size;
            this.untilGate = gateAt;
            this.gate = gate;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            if (gate != null && untilGate <= 0) {
                Runnable once = gate;
                gate = null;
                try {
                    once.run();
                } catch (RuntimeException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            int n = (int) Math.min(len, remaining);
            if (gate != null) {
                n = (int) Math.min(n, untilGate);
            }
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            untilGate -= n;
            return n;
        }
    }
}
