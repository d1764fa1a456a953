package org.onboarding.ziti.sdk;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.Api;
import org.openziti.Errors;
import org.openziti.ZitiContext;
import org.openziti.ZitiException;
import org.openziti.api.Service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;

/**
 * The official OpenZiti JVM SDK onboards an endpoint against this service, over its HTTPS edge API: an administrator
 * creates an identity with an OTT enrollment through the management API; the SDK enrolls with the JWT, logs in with
 * the certificate it got, becomes Active, sees exactly the services its policies grant and obtains a Dial session.
 * The data plane is not part of this service, so the dial itself ends at "no edge router available".
 */
@QuarkusTest
class SdkOnboardingTest {

    private ZitiContext context;

    @AfterEach
    void closeContext() {
        ZitiSdk.close(context);
    }

    @Test
    void ottEnrolledSdkIsActiveSeesItsServicesAndGetsADialSession() {
        String suffix = UUID.randomUUID().toString();
        String identityId = Api.create("identities", "{\"name\":\"sdk-" + suffix + "\",\"type\":\"Device\","
                + "\"isAdmin\":false,\"roleAttributes\":[\"sdk-" + suffix + "\"],\"enrollment\":{\"ott\":true}}");
        String granted = "granted-" + suffix;
        String bindOnly = "bind-only-" + suffix;
        String hidden = "hidden-" + suffix;
        String grantedId = Api.create("services", "{\"name\":\"" + granted + "\",\"encryptionRequired\":true}");
        String bindOnlyId = Api.create("services", "{\"name\":\"" + bindOnly + "\",\"encryptionRequired\":true}");
        Api.create("services", "{\"name\":\"" + hidden + "\",\"encryptionRequired\":true}");
        Api.create("service-policies", policy("Dial", "#sdk-" + suffix, "@" + grantedId));
        Api.create("service-policies", policy("Bind", "@" + identityId, "@" + bindOnlyId));
        Api.create("edge-routers", "{\"name\":\"router-" + suffix + "\"}");

        context = ZitiSdk.enroll(Api.enrollmentJwt(identityId, "ott"));

        ZitiContext.Status status = ZitiSdk.awaitActive(context);
        assertSame(ZitiContext.Status.Active.INSTANCE, status, "context status: " + status);
        assertEquals(identityId, context.getId().getId(), "the SDK is logged in as the enrolled identity");

        Service dialable = context.getService(granted);
        assertNotNull(dialable, "the Dial policy grants " + granted);
        assertEquals(granted, dialable.getName());
        Service hostable = context.getService(bindOnly);
        assertNotNull(hostable, "the Bind policy grants " + bindOnly);
        assertNull(context.getService(hidden), "no policy grants " + hidden);

        // the SDK asks the controller for a Dial session, then finds no edge router it can connect to
        Throwable failure = assertThrows(Exception.class, () -> context.dial(granted));
        ZitiException zitiError = rootZitiException(failure);
        assertNotNull(zitiError, "dial failure: " + failure);
        assertSame(Errors.EdgeRouterUnavailable.INSTANCE, zitiError.getCode());

        List<Map<String, Object>> sessions = admin().queryParam("filter", "service=\"" + grantedId + "\"")
                .get(BASE + "/sessions").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .extract().path("data");
        assertEquals("Dial", sessions.get(0).get("type"));
        admin().get(BASE + "/sessions/" + sessions.get(0).get("id")).then().statusCode(200)
                .body("data.identityId", equalTo(identityId))
                .body("data.service.id", equalTo(grantedId));
    }

    private static String policy(String type, String identityRole, String serviceRole) {
        return "{\"name\":\"policy-" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"semantic\":\"AnyOf\","
                + "\"identityRoles\":[\"" + identityRole + "\"],\"serviceRoles\":[\"" + serviceRole + "\"]}";
    }

    private static ZitiException rootZitiException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ZitiException z) {
                return z;
            }
        }
        return null;
    }
}
