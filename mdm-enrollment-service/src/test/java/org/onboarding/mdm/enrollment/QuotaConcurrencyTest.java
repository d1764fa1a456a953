package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.onboarding.testsupport.AtOnce;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/** The quota holds under concurrency: the organisation row lock serialises the count-then-insert. */
@QuarkusTest
class QuotaConcurrencyTest {

    @Test
    void twentyConcurrentCreatesWithQuotaTenLeaveExactlyTen() throws Exception {
        String org = organization(true, 10).get("id");
        String employee = user(org, "frank@example.com");
        List<Integer> statuses = AtOnce.run(20, () -> as(ADMIN)
                .body(Map.of("mdmUserId", employee, "sendEmail", false))
                .post(tokens(org)).then().extract().statusCode());
        int created = 0;
        int refused = 0;
        for (int status : statuses) {
            if (status == 200) {
                created++;
            } else if (status == 400) {
                refused++;
            }
        }
        assertEquals(10, created);
        assertEquals(10, refused);
        as(ADMIN).queryParam("limit", 100).get(tokens(org)).then().body("data.totalDocs", equalTo(10));
    }
}
