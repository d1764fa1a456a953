package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.TestClock;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/** A 60-second token reads PENDING, then EXPIRED once the (injected) clock passes expireAt; the sweep stores it. */
@QuarkusTest
class TokenExpiryTest {

    @Inject
    TestClock clock;

    @Inject
    ExpirySweep sweep;

    @Inject
    WinEnrollmentTokenRepository tokens;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void tokenExpiresAfterItsDuration() throws Throwable {
        String org = organization(true, 1).get("id");
        String employee = user(org, "erin@example.com");
        String id = as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "duration", 60))
                .post(tokens(org)).then().statusCode(200).body("data.state", equalTo("PENDING"))
                .extract().path("data.id");

        clock.advance(Duration.ofSeconds(59));
        as(ADMIN).get(tokens(org) + "/" + id).then().body("data.state", equalTo("PENDING"));

        clock.advance(Duration.ofSeconds(2));
        as(ADMIN).get(tokens(org) + "/" + id).then().statusCode(200).body("data.state", equalTo("EXPIRED"));
        as(ADMIN).get(tokens(org)).then().body("data.items[0].state", equalTo("EXPIRED"));
        as(ADMIN).body(Map.of("displayName", "late")).put(tokens(org) + "/" + id).then().statusCode(400)
                .body("error.code", equalTo(3010));
        // an expired token no longer counts against the quota of 1
        as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false)).post(tokens(org)).then().statusCode(200);

        // the database still says PENDING until the sweep stores EXPIRED
        assertEquals(TokenState.PENDING, stored(id));
        int swept = VertxContextSupport.subscribeAndAwait(() -> sweep.sweep());
        assertTrue(swept >= 1);
        assertEquals(TokenState.EXPIRED, stored(id));
        as(ADMIN).get(tokens(org) + "/" + id).then().body("data.state", equalTo("EXPIRED"));
        // deleting an expired token is allowed and terminal
        as(ADMIN).delete(tokens(org) + "/" + id).then().statusCode(200).body("data.state", equalTo("DELETED"));
    }

    private TokenState stored(String id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> tokens.findById(id)))
                .state;
    }
}
