package org.onboarding.platform;

import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two gateways: the one piece of state a gateway keeps in memory that a client can notice is its rate limit, which
 * is per replica (gateway README, "Running more than one instance"): a client spread over N gateways gets N times the
 * configured rate. This test pins that down, so that changing it is a decision, not an accident.
 */
class GatewayScaleOutIT {

    private static final int BURST = 3;
    private static ServiceInstances gateways;

    @BeforeAll
    static void start() throws Exception {
        int nowhere = Platform.freePort();   // no upstream: requests that pass the limit get the gateway's 502
        gateways = ServiceInstances.start("gateway", "gateway_scale", 2, Map.of(
                "QUARKUS_PROFILE", "prod",
                "GATEWAY_ROUTES_ZITI_URL", "http://127.0.0.1:" + nowhere,
                "GATEWAY_ROUTES_MDM_URL", "http://127.0.0.1:" + nowhere,
                "GATEWAY_ROUTES_PROVISIONING_URL", "http://127.0.0.1:" + nowhere,
                "GATEWAY_ROUTES_ENTITLEMENT_URL", "http://127.0.0.1:" + nowhere,
                "GATEWAY_TRUST_FORWARDED_HEADERS", "false",
                // one request every 100 s after the burst: the bucket does not refill during the test
                "GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND", "0.01",
                "GATEWAY_RATE_LIMIT_BURST", Integer.toString(BURST)));
    }

    @AfterAll
    static void stop() {
        if (gateways != null) {
            gateways.close();
        }
    }

    private static int call(int gateway, String token) {
        return RestAssured.given().baseUri(gateways.url(gateway)).header("Authorization", "Bearer " + token)
                .get("/v1/organizations").statusCode();
    }

    @Test
    void theRateLimitIsPerGatewayInstance() {
        String token = TestTokens.token().subject("scale-" + System.nanoTime()).groups("admin").sign();
        for (int i = 0; i < BURST; i++) {
            assertNotEquals(429, call(0, token), "request " + (i + 1) + " of the burst");
        }
        assertEquals(429, call(0, token), "over the burst on gateway 0");
        // the other gateway has its own bucket for the same client: a full burst more
        for (int i = 0; i < BURST; i++) {
            assertNotEquals(429, call(1, token), "request " + (i + 1) + " of the burst on gateway 1");
        }
        assertEquals(429, call(1, token), "over the burst on gateway 1");
    }
}
