package org.onboarding.gateway.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.util.KeyUtils;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.onboarding.gateway.UpstreamServers;
import org.onboarding.testsupport.TestTokens;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys from an OIDC provider's JWKS URL instead of a file: fetched over HTTP once, then cached. */
@QuarkusTest
@TestProfile(JwksKeysTest.JwksProfile.class)
class JwksKeysTest {

    @Test
    void tokensAreVerifiedWithKeysFromTheJwksUrlFetchedOnce() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer " + TestTokens.token().subject("jwks-user").sign())
                    .when().get("/tenants")
                    .then().statusCode(200).body("headers.x-user-id", equalTo("jwks-user"));
        }
        given().header("x-okapi-token", TestTokens.token().signWithUnknownKey())
                .when().get("/tenants")
                // refused: passed on for the service to answer (here the echo), never as an identity
                .then().statusCode(200).body("headers.x-user-id", nullValue()).body("bodyBytes", equalTo(0));
        assertEquals(1, JwksServer.FETCHES.get(), "the key set is cached, not fetched per request");
    }

    public static class JwksProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamServers.class), new TestResourceEntry(JwksServer.class));
        }
    }

    /** Serves the DEV-ONLY public key as a JWKS document, as an OIDC provider would, and counts the fetches. */
    public static class JwksServer implements QuarkusTestResourceLifecycleManager {
        static final AtomicInteger FETCHES = new AtomicInteger();
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            RSAPublicKey key = devPublicKey();
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String jwks = new JsonObject().put("keys", new JsonArray().add(new JsonObject()
                    .put("kty", "RSA").put("use", "sig").put("alg", "RS256")
                    .put("n", url.encodeToString(unsigned(key.getModulus().toByteArray())))
                    .put("e", url.encodeToString(unsigned(key.getPublicExponent().toByteArray()))))).encode();
            vertx = Vertx.vertx();
            try {
                int port = vertx.createHttpServer()
                        .requestHandler(request -> {
                            FETCHES.incrementAndGet();
                            request.response().putHeader("Content-Type", "application/json").end(jwks);
                        })
                        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                        .actualPort();
                return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + port + "/jwks.json");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            vertx.close();
        }

        private static RSAPublicKey devPublicKey() {
            try (InputStream in = JwksKeysTest.class.getClassLoader().getResourceAsStream("dev-keys/DEV-ONLY-jwt-public.pem")) {
                return (RSAPublicKey) KeyUtils.decodePublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] unsigned(byte[] bytes) {
            return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }
    }
}
