package org.onboarding.ziti.auth;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.Api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The service remembers platform JWTs that verified (README "How platform tokens are verified"): the same token is
 * admitted again from memory, and nothing but that very text is: a token with the remembered one's claims or
 * signature but not both, re-signed by another key or unsigned, is refused every time.
 */
@QuarkusTest
class VerifiedTokenMemoryTest {

    private static final String LIST = Api.BASE + "/enrollments?limit=1";
    private static final Pattern HITS = Pattern.compile(
            "(?m)^cache_gets_total\\{cache=\"" + VerifiedTokenIdentityProvider.CACHE_NAME + "\",result=\"hit\"[^}]*} (\\S+)$");

    @Test
    void aTokenThatVerifiedIsAdmittedAgainFromMemory() {
        String token = TestTokens.token().subject("memory-" + System.nanoTime()).groups("admin").sign();
        given().header("zt-session", token).get(LIST).then().statusCode(200);
        double hits = hits();

        given().header("Authorization", "Bearer " + token).get(LIST).then().statusCode(200);
        given().header("zt-session", token).get(LIST).then().statusCode(200);

        assertEquals(hits + 2, hits());
    }

    @Test
    void onlyTheVeryTokenThatVerifiedIsAdmitted() {
        String admin = TestTokens.token().subject("remembered-" + System.nanoTime()).groups("admin").sign();
        given().header("zt-session", admin).get(LIST).then().statusCode(200);
        // its signature under a viewer's claims, one character more, another key, unsigned
        for (String token : TestTokens.forgeriesOf(admin)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                given().header("zt-session", token).get(LIST).then().statusCode(401)
                        .body("error.code", equalTo("UNAUTHORIZED"));
            }
        }
        given().header("zt-session", admin).get(LIST).then().statusCode(200);
    }

    private static double hits() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher hits = HITS.matcher(metrics);
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }
}
