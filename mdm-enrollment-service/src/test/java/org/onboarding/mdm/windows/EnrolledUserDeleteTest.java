package org.onboarding.mdm.windows;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.Api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.windows.WindowsDevice.post;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.fixture;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.messageId;

/** An MDM user whose Windows device is enrolled cannot be deleted (Applivery's 5054), also while it enrolls. */
@QuarkusTest
class EnrolledUserDeleteTest {

    private static final String HAS_DEVICES = "MdmUser Can not be deleted because has no delete winDevices";

    static String users(String orgId) {
        return "/v1/organizations/" + orgId + "/mdm/users";
    }

    static String devices(String orgId) {
        return "/v1/organizations/" + orgId + "/mdm/windows/enterprise/devices";
    }

    static Response enroll(String email, String code) {
        return post("/EnrollmentServer/Enrollment.svc", new WindowsDevice().requestSecurityToken(messageId(),
                WindowsDevice.usernameToken(email, code)));
    }

    @Test
    void aUserWithAnEnrolledDeviceIsRefusedUntilTheDeviceIsUnenrolled() {
        WindowsEnrollmentFlowTest.Fixture f = fixture("OnPremise", Map.of());
        // nulls are left out: a PENDING token has no device yet
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then().statusCode(200)
                .body("data", not(hasKey("winDevice"))).body("data", not(hasKey("winDeviceId")));
        Response enrolled = enroll(f.email(), f.code());
        assertEquals(200, enrolled.statusCode(), enrolled.asString());
        Response token = as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId());
        String userId = token.path("data.mdmUser.id");
        String deviceId = token.path("data.winDeviceId");
        // a device that never ran a management session and is enrolled has no lastSeenAt nor unenrolledAt
        as(ADMIN).get(devices(f.orgId()) + "/" + deviceId).then().statusCode(200)
                .body("data.state", equalTo("ENROLLED"))
                .body("data", not(hasKey("lastSeenAt"))).body("data", not(hasKey("unenrolledAt")));
        as(ADMIN).get(devices(f.orgId())).then().statusCode(200)
                .body("data.items[0].id", equalTo(deviceId))
                .body("data.items[0]", not(hasKey("lastSeenAt"))).body("data.items[0]", not(hasKey("unenrolledAt")));

        // the token is DONE (no live token), the device keeps the user
        as(ADMIN).delete(users(f.orgId()) + "/" + userId).then().statusCode(400)
                .body("status", equalTo(false))
                .body("error.code", equalTo(5054))
                .body("error.message", equalTo(HAS_DEVICES));
        as(ADMIN).get(users(f.orgId()) + "/" + userId).then().statusCode(200);

        as(ADMIN).delete(devices(f.orgId()) + "/" + deviceId).then().statusCode(200)
                .body("data.state", equalTo("UNENROLLED"));
        as(ADMIN).delete(users(f.orgId()) + "/" + userId).then().statusCode(200).body("data.delete", equalTo(true));
        as(ADMIN).get(users(f.orgId()) + "/" + userId).then().statusCode(404);
        // the unenrolled device still shows whom it belonged to
        as(ADMIN).get(devices(f.orgId()) + "/" + deviceId).then().statusCode(200)
                .body("data.mdmUser.email", equalTo(f.email()));
    }

    @Test
    void aUserDeletedWhileTheirDeviceEnrollsIsNeverLeftWithAnEnrolledDevice() throws Exception {
        WindowsEnrollmentFlowTest.Fixture f = fixture("OnPremise", Map.of());
        // the first enrollment creates the organisation's CA, so the rounds below race on the enrollment itself
        assertEquals(200, enroll(f.email(), f.code()).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                String email = "race" + round + "-" + f.email();
                String userId = Api.user(f.orgId(), email);
                String code = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false))
                        .post(Api.tokens(f.orgId())).then().statusCode(200).extract().path("data.enrollCode");
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> enrollment = pool.submit(() -> {
                    start.await();
                    return enroll(email, code).statusCode();
                });
                Future<Response> removal = pool.submit(() -> {
                    start.await();
                    return as(ADMIN).delete(users(f.orgId()) + "/" + userId);
                });
                start.countDown();
                int enrolled = enrollment.get();
                Response removed = removal.get();

                // the token was live until the enrollment committed: the delete is refused either way
                assertEquals(200, enrolled, "round " + round);
                assertEquals(400, removed.statusCode(), "round " + round + ": " + removed.asString());
                int errorCode = removed.path("error.code");
                assertTrue(List.of(5054, 5055).contains(errorCode), "round " + round + ": " + errorCode);
                as(ADMIN).get(users(f.orgId()) + "/" + userId).then().statusCode(200);
                as(ADMIN).queryParam("mdm-user", userId).get(devices(f.orgId())).then()
                        .body("data.totalDocs", equalTo(1)).body("data.items[0].state", equalTo("ENROLLED"));
                // and once it has, the device is what keeps the user
                as(ADMIN).delete(users(f.orgId()) + "/" + userId).then().statusCode(400)
                        .body("error.code", equalTo(5054));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
