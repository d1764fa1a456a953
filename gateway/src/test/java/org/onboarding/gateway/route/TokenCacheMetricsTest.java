package org.onboarding.gateway.route;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.gateway.UpstreamServers;
import org.onboarding.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory of verified tokens seen from outside: a client's repeated token is a hit in /q/metrics. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class TokenCacheMetricsTest {

    private static final String HITS = "gateway_token_cache_gets_total{cache=\"gateway_token_cache\",result=\"hit\"}";
    private static final String MISSES = "gateway_token_cache_gets_total{cache=\"gateway_token_cache\",result=\"miss\"}";

    @Test
    void aRepeatedTokenIsTakenFromMemoryAndCountedAsHits() {
        String token = TestTokens.token().subject("cache-metrics").groups("admin").sign();
        String before = metrics();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).when().get("/tenants")
                    .then().statusCode(200);
        }
        String after = metrics();
        assertEquals(1, value(after, MISSES) - value(before, MISSES), "verified once: " + after);
        assertEquals(2, value(after, HITS) - value(before, HITS), "then taken from memory: " + after);
        assertTrue(value(after, "gateway_token_cache_size{cache=\"gateway_token_cache\"}") >= 1, after);
    }

    @Test
    void aRefusedTokenIsNeverAHit() {
        String forged = TestTokens.token().subject("cache-forger").groups("admin").signWithUnknownKey();
        String before = metrics();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + forged).when().get("/tenants");
        }
        String after = metrics();
        assertEquals(0, value(after, HITS) - value(before, HITS), after);
        assertEquals(3, value(after, MISSES) - value(before, MISSES), after);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not exposed:\n" + metrics));
    }
}
