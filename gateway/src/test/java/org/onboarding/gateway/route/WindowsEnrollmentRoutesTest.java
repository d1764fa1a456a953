package org.onboarding.gateway.route;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.gateway.UpstreamServers;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Windows devices reach mdm-enrollment-service's protocol endpoints without a platform token; nothing else does. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class WindowsEnrollmentRoutesTest {

    @Test
    void theWindowsEnrollmentProtocolPassesWithoutATokenToTheMdmService() {
        for (String path : List.of("/EnrollmentServer/Discovery.svc", "/EnrollmentServer/Policy.svc",
                "/EnrollmentServer/Enrollment.svc", "/EnrollmentServer/Authenticate", "/ManagementServer/MDM.svc")) {
            given().contentType("application/soap+xml; charset=utf-8").body("<s:Envelope/>")
                    .when().post(path)
                    .then().statusCode(200).body("upstream", equalTo("mdm")).body("path", equalTo(path))
                    .body("headers.authorization", nullValue());
        }
        given().when().get("/enroll/windows/ABCDEFGHJK")
                .then().statusCode(200).body("upstream", equalTo("mdm"));
        // a forged client certificate header never reaches the service unless the ingress is trusted to set it
        given().header("X-Client-Cert", "-----BEGIN%20CERTIFICATE-----forged").body("<SyncML/>")
                .when().post("/ManagementServer/MDM.svc")
                .then().statusCode(200).body("headers.x-client-cert", nullValue());
        // the JSON API next to them still wants its token: refused by the gateway, the request goes on without its
        // body and without an identity, for the service to give its own 401
        given().body("{}").when().post("/v1/organizations")
                .then().statusCode(200).body("upstream", equalTo("mdm"))
                .body("bodyBytes", equalTo(0)).body("headers.x-user-id", nullValue());
    }
}
