package org.onboarding.gateway.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.gateway.UpstreamServers;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The DEV-ONLY service accounts of provisioning-service get tokens limited to what it calls. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class ServiceAccountTokensTest {

    private static final String SECRET = "DEV-ONLY-provisioning-secret";

    @Test
    void theMdmAccountHasOnlyTheProvisioningServiceRole() {
        given().formParam("grant_type", "client_credentials").formParam("client_id", "provisioning-service")
                .formParam("client_secret", SECRET).when().post("/auth/token").then().statusCode(200)
                .body("groups", equalTo(List.of("provisioning-service"))).body("orgs", equalTo(List.of("*")));
    }

    @Test
    void theZitiAccountIsAdminWithNoOrganisationAndNoTenant() {
        given().formParam("grant_type", "client_credentials").formParam("client_id", "provisioning-service-ziti")
                .formParam("client_secret", SECRET).when().post("/auth/token").then().statusCode(200)
                .body("groups", equalTo(List.of("admin"))).body("orgs", equalTo(List.of("none")))
                .body("tenants", equalTo(List.of("none")));
    }

    @Test
    void theDevSecretOfThePlatformAccountsIsNotTheirs() {
        given().formParam("grant_type", "client_credentials").formParam("client_id", "provisioning-service")
                .formParam("client_secret", "dev-secret").when().post("/auth/token").then().statusCode(401);
    }
}
