package org.onboarding.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.SlowClient;
import org.onboarding.testsupport.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client gets the same answer through the gateway as from the service itself, for every request the service
 * refuses for who is calling (no token, a bad, expired or over-lifetime one, a token in a header the API does not
 * read, two tokens, garbage in the native header beside a valid Bearer): status, body, WWW-Authenticate and
 * Content-Type, compared byte for byte. Where the gateway answers for itself (a body or request line over the
 * route's limit, which the services' HTTP layer refuses with an empty body) the difference is intended and asserted
 * as such: the same status, and the gateway's in the API's envelope.
 */
class GatewayParityIT {

    /** The API of each service: where its clients put their token, and a path that needs one. */
    private record Api(String service, String path, String nativeHeader, String foreignHeader, String postPath,
                       String envelopeField, String envelopeValue) {
    }

    private static final List<Api> APIS = List.of(
            new Api("ziti-edge-service", "/edge/management/v1/identities", "zt-session", "x-okapi-token",
                    "/edge/management/v1/identities", "error.code", "REQUEST_TOO_LARGE"),
            new Api("mdm-enrollment-service", "/v1/organizations", null, "zt-session",
                    "/v1/organizations", "error.code", "3000"),
            new Api("provisioning-service", "/provisioning/batches", null, "x-okapi-token",
                    "/provisioning/batches", "detail", "Request Entity Too Large"),
            new Api("entitlement-service", "/entitlements", "x-okapi-token", "zt-session",
                    "/entitlements", "errors[0].type", "PayloadTooLargeException"));

    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new Platform().start(Map.of(
                // short, so that the slowloris proof stays quick; the default is 10 s
                "GATEWAY_CLIENTS_HEADER_TIMEOUT", "3s",
                "GATEWAY_CORS_ORIGINS", "http://localhost:5173"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void refusalsOfTheCallerAreTheServicesOwnAnswerThroughTheGateway() throws Exception {
        String valid = TestTokens.token().subject("alice").groups("admin").sign();
        String other = TestTokens.token().subject("bob").groups("admin").sign();
        String expired = TestTokens.token().groups("admin").expiresAt(Instant.now().minusSeconds(600)).sign();
        // validly signed, 25 h between iat and exp: over the 24 h every app accepts
        String overLifetime = TestTokens.token().groups("admin").expiresAt(Instant.now().plus(Duration.ofHours(25))).sign();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Api api : APIS) {
            Map<String, Map<String, String>> corpus = new LinkedHashMap<>();
            corpus.put("no token", Map.of());
            corpus.put("garbage", token(api, "not.a.jwt"));
            corpus.put("expired", token(api, expired));
            corpus.put("over lifetime", token(api, overLifetime));
            corpus.put("alg none", token(api, TestTokens.token().groups("admin").unsigned()));
            corpus.put("valid token in a header this API does not read", Map.of(api.foreignHeader(), valid));
            corpus.put("Bearer scheme missing", Map.of("Authorization", valid));
            if (api.nativeHeader() != null) {
                corpus.put("garbage native header + valid Bearer",
                        Map.of(api.nativeHeader(), "garbage", "Authorization", "Bearer " + valid));
                // ziti: zt-session wins (200 both ways); FOLIO: TokenMismatchException 400 both ways
                corpus.put("two different tokens", Map.of(api.nativeHeader(), valid, "Authorization", "Bearer " + other));
            } else {
                corpus.put("garbage Bearer + valid token elsewhere",
                        Map.of("Authorization", "Bearer garbage", api.foreignHeader(), valid));
            }
            for (Map.Entry<String, Map<String, String>> request : corpus.entrySet()) {
                String id = "parity-" + (++compared);
                Map<String, String> headers = new LinkedHashMap<>(request.getValue());
                headers.put("X-Request-Id", id);
                Exchange direct = Exchange.send(platform.port(api.service()), "GET", api.path(), headers, null);
                Exchange gateway = Exchange.send(platform.port("gateway"), "GET", api.path(), headers, null);
                String name = api.service() + " / " + request.getKey();
                assertEquals(expectedStatus(api, request.getKey()), direct.status(), name + " (direct): " + direct);
                if (!direct.sameAnswerAs(gateway)) {
                    mismatches.add(name + "\n  direct:  " + direct + "\n  gateway: " + gateway);
                }
            }
        }
        assertEquals(List.of(), mismatches, "answers that differ through the gateway");
    }

    @Test
    void aBodyOverTheLimitIs413InTheApisEnvelopeWhereTheServiceAnswersAnEmpty413() throws Exception {
        String token = TestTokens.admin();
        for (Api api : APIS) {
            long limit = api.service().equals("ziti-edge-service") ? 1024 * 1024 : 10240 * 1024;
            Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
                    "Content-Length", Long.toString(limit + 1));
            Exchange direct = Exchange.send(platform.port(api.service()), "POST", api.postPath(), headers, limit + 1);
            Exchange gateway = Exchange.send(platform.port("gateway"), "POST", api.postPath(), headers, limit + 1);
            // intended difference: the services' HTTP layer answers 413 without a body, the gateway in the envelope
            assertEquals(413, direct.status(), api.service() + " direct: " + direct);
            assertEquals(413, gateway.status(), api.service() + " gateway: " + gateway);
            assertEquals(api.envelopeValue(), gateway.json(api.envelopeField()), api.service() + ": " + gateway);
        }
    }

    @Test
    void aSixtyMegabyteChunkedUploadIs413InTheApisEnvelope() throws Exception {
        String token = TestTokens.admin();
        for (Api api : APIS) {
            Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
                    "Transfer-Encoding", "chunked");
            Exchange gateway = Exchange.send(platform.port("gateway"), "POST", api.postPath(), headers, 60L << 20);
            assertEquals(413, gateway.status(), api.service() + ": " + gateway);
            assertEquals(api.envelopeValue(), gateway.json(api.envelopeField()), api.service() + ": " + gateway);
        }
        // not an upstream failure
        Exchange metrics = Exchange.send(platform.port("gateway"), "GET", "/q/metrics", Map.of(), null);
        assertTrue(metrics.body().lines().noneMatch(l -> l.startsWith("gateway_upstream_errors_total{")
                && !l.endsWith(" 0.0")), metrics.body());
    }

    @Test
    void longRequestLinesAreRefusedWhereTheServiceRefusesThemAndAlwaysWithABody() throws Exception {
        String token = "Bearer " + TestTokens.admin();
        for (Api api : APIS) {
            // 8 KiB of query: over the 4 KiB of most services, within the 32 KiB FOLIO accepts for its CQL
            String path = api.path() + "?query=" + "a".repeat(8 * 1024);
            Map<String, String> headers = Map.of("Authorization", token);
            Exchange direct = Exchange.send(platform.port(api.service()), "GET", path, headers, null);
            Exchange gateway = Exchange.send(platform.port("gateway"), "GET", path, headers, null);
            assertEquals(direct.status(), gateway.status(), api.service() + "\n" + direct + "\n" + gateway);
            if (direct.status() == 414) {
                // intended difference: the service's decoder answers an empty 414, the gateway in the API's envelope
                assertTrue(direct.body().isEmpty(), direct.toString());
                assertTrue(gateway.body().startsWith("{"), gateway.toString());
            } else {
                assertTrue(api.service().equals("entitlement-service"), api.service() + " accepted 8 KiB: " + direct);
            }
        }
        Exchange beyondAll = Exchange.send(platform.port("gateway"), "GET",
                "/entitlements?query=" + "a".repeat(40 * 1024), Map.of("Authorization", token), null);
        assertEquals(414, beyondAll.status());
        assertEquals("414", beyondAll.json("status"), beyondAll.toString());
    }

    @Test
    void aSlowlorisIsCutOffWithinTheHeaderTimeout() throws Exception {
        // one header line a second, never the blank line that ends the head
        double seconds = SlowClient.secondsUntilCut(platform.port("gateway"), "/entitlements", Duration.ofSeconds(1),
                Duration.ofSeconds(15));
        assertTrue(seconds >= 0, "still open after 15 s");
        assertTrue(seconds < 3 + 2, "cut only after " + seconds + " s (header timeout 3 s)");
    }

    @Test
    void aCorsPreflightFromTheProvisioningUiSucceeds() throws Exception {
        Exchange preflight = Exchange.send(platform.port("gateway"), "OPTIONS", "/provisioning/batches", Map.of(
                "Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type,x-etab,x-roles"), null);
        assertEquals(200, preflight.status(), preflight.toString());
        assertEquals("http://localhost:5173", preflight.header("Access-Control-Allow-Origin"));
        String allowed = preflight.header("Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
        assertTrue(allowed.contains("x-etab") && allowed.contains("x-roles"), allowed);
    }

    /**
     * What each service answers (so the corpus cannot pass with two wrong answers that agree): 401, but FOLIO's 400
     * for two tokens that differ, and ziti's 200 when its preferred zt-session is valid whatever the Bearer says.
     */
    private static int expectedStatus(Api api, String request) {
        boolean folio = api.service().equals("entitlement-service");
        if (request.equals("two different tokens")) {
            return folio ? 400 : 200;
        }
        if (request.equals("garbage native header + valid Bearer")) {
            return folio ? 400 : 401;
        }
        return 401;
    }

    /** A valid-looking token in the API's own header: its native one, else Bearer. */
    private static Map<String, String> token(Api api, String token) {
        return api.nativeHeader() != null ? Map.of(api.nativeHeader(), token) : Map.of("Authorization", "Bearer " + token);
    }

    /** One request on its own connection, written and read raw, so that nothing between rewrites it. */
    record Exchange(int status, Map<String, String> headers, String body) {

        /**
         * Sends the request; {@code bodyBytes} zero bytes follow the head (chunked if the headers say so) from another
         * thread, as a server may answer and close before it has read them.
         */
        static Exchange send(int port, String method, String path, Map<String, String> headers, Long bodyBytes)
                throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                        .append("Host: localhost\r\nConnection: close\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                if (bodyBytes == null && !method.equals("GET") && !method.equals("OPTIONS")) {
                    head.append("Content-Length: 0\r\n");
                }
                OutputStream out = socket.getOutputStream();
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (bodyBytes != null) {
                    boolean chunked = "chunked".equals(headers.get("Transfer-Encoding"));
                    Thread writer = new Thread(() -> writeBody(out, bodyBytes, chunked), "body-writer");
                    writer.setDaemon(true);
                    writer.start();
                }
                return read(socket.getInputStream());
            }
        }

        private static void writeBody(OutputStream out, long bytes, boolean chunked) {
            byte[] chunk = new byte[64 * 1024];
            try {
                for (long sent = 0; sent < bytes; ) {
                    int n = (int) Math.min(chunk.length, bytes - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk, 0, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    sent += n;
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByTheServer) {
                // it answered without reading everything: the answer is what the test reads
            }
        }

        private static Exchange read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line; !(line = line(in)).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(line(in).trim(), 16)) > 0; ) {
                    all.write(in.readNBytes(size));
                    line(in);
                }
                body = all.toByteArray();
            } else {
                body = in.readAllBytes();
            }
            return new Exchange(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed in the response head: " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** A JSON field of the body, by a dotted path with [i] indexes. */
        String json(String field) {
            Object value = io.restassured.path.json.JsonPath.from(body).get(field);
            return String.valueOf(value);
        }

        /**
         * Status, body, WWW-Authenticate and Content-Type. A body of a 2xx is not compared (the gateway adds nothing
         * to it, but lists may page differently between two calls); an OpenZiti error's {@code requestId} is made
         * afresh per error by the service, so it is left out.
         */
        boolean sameAnswerAs(Exchange other) {
            return status == other.status
                    && (status < 300 || normalised(body).equals(normalised(other.body)))
                    && java.util.Objects.equals(header("WWW-Authenticate"), other.header("WWW-Authenticate"))
                    && java.util.Objects.equals(header("Content-Type"), other.header("Content-Type"));
        }

        private static String normalised(String body) {
            return body.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"-\"");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }
}
