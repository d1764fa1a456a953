package org.onboarding.mdm.security;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The service remembers platform JWTs that verified (README "How platform tokens are verified"): the same token is
 * admitted again from memory, and nothing but that very text is: a token with the remembered one's claims or
 * signature but not both, re-signed by another key or unsigned, is refused every time with the API's envelope.
 */
@QuarkusTest
class VerifiedTokenMemoryTest {

    private static final String LIST = "/v1/organizations?limit=1";
    private static final String INVALID = "{\"status\":false,\"error\":{\"code\":4004,\"message\":\"Invalid Token\"}}";
    private static final Pattern HITS = Pattern.compile(
            "(?m)^cache_gets_total\\{cache=\"" + VerifiedTokenIdentityProvider.CACHE_NAME + "\",result=\"hit\"[^}]*} (\\S+)$");

    @Test
    void aTokenThatVerifiedIsAdmittedAgainFromMemory() {
        String token = TestTokens.token().subject("memory-" + System.nanoTime()).groups("admin").sign();
        given().header("Authorization", "Bearer " + token).get(LIST).then().statusCode(200);
        double hits = hits();

        given().header("Authorization", "Bearer " + token).get(LIST).then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get(LIST).then().statusCode(200);

        assertEquals(hits + 2, hits());
    }

    @Test
    void onlyTheVeryTokenThatVerifiedIsAdmitted() {
        String admin = TestTokens.token().subject("remembered-" + System.nanoTime()).groups("admin").sign();
        given().header("Authorization", "Bearer " + admin).get(LIST).then().statusCode(200);
        // its signature under a viewer's claims, one character more, another key, unsigned
        for (String token : TestTokens.forgeriesOf(admin)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                String body = given().header("Authorization", "Bearer " + token).get(LIST).then().statusCode(401)
                        .extract().asString();
                assertEquals(INVALID, body);
            }
        }
        given().header("Authorization", "Bearer " + admin).get(LIST).then().statusCode(200)
                .body("status", equalTo(true));
    }

    private static double hits() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher hits = HITS.matcher(metrics);
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }
}
