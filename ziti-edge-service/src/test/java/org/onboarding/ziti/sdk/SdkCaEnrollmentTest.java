package org.onboarding.ziti.sdk;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.TestPki;
import org.onboarding.ziti.signing.EdgeCa;
import org.openziti.ZitiContext;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;

/**
 * The official OpenZiti JVM SDK with certificates of a third-party CA, over the HTTPS edge API (mutual TLS): an
 * OTTCA enrollment from the JWT an administrator hands out, and auto-CA enrollment, where the SDK's first certificate
 * login creates its identity. Each ends with the SDK's context Active as the identity the service made.
 */
@QuarkusTest
class SdkCaEnrollmentTest {

    @Inject
    EdgeCa edgeCa;

    private ZitiContext context;

    @AfterEach
    void closeContext() {
        ZitiSdk.close(context);
    }

    @Test
    void sdkEnrollsFromAnOttcaJwtWithAThirdPartyCertificateAndBecomesActive() {
        String suffix = UUID.randomUUID().toString();
        TestPki.Issued ca = TestPki.rootCa("sdk-ottca-" + suffix);
        String caId = Api.createVerifiedCa("sdk-ottca-" + suffix, ca, false, true, true, "");
        String identityId = Api.create("identities", "{\"name\":\"sdk-ottca-" + suffix + "\",\"type\":\"Device\","
                + "\"isAdmin\":false,\"enrollment\":{\"ottca\":\"" + caId + "\"}}");
        TestPki.Issued client = ca.client("sdk-device-" + suffix);
        KeyStore.PrivateKeyEntry key = new KeyStore.PrivateKeyEntry(client.keys().getPrivate(),
                new Certificate[]{client.certificate(), ca.certificate()});

        context = ZitiSdk.enrollWith(Api.enrollmentJwt(identityId, "ottca"), key);

        ZitiContext.Status status = ZitiSdk.awaitActive(context);
        assertSame(ZitiContext.Status.Active.INSTANCE, status, "context status: " + status);
        assertEquals(identityId, context.getId().getId(), "the SDK is logged in as the pre-created identity");
        // the enrollment is consumed; the service holds the third-party certificate as the identity's authenticator
        admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .body("data.enrollment", equalTo(java.util.Map.of()));
    }

    @Test
    void sdkWithACertificateOfAnAutoEnrollmentCaIsEnrolledByItsFirstLoginAndBecomesActive() {
        String suffix = UUID.randomUUID().toString();
        TestPki.Issued ca = TestPki.rootCa("sdk-auto-" + suffix);
        String caName = "sdk-auto-" + suffix;
        String caId = Api.createVerifiedCa(caName, ca, true, false, true, ",\"identityRoles\":[\"sdk-auto\"]");
        String commonName = "sdk-laptop-" + suffix;
        TestPki.Issued client = ca.client(commonName);
        admin().queryParam("filter", "name = \"" + caName + "-" + commonName + "\"").get(BASE + "/identities").then()
                .statusCode(200).body("meta.pagination.totalCount", equalTo(0));

        context = ZitiSdk.context(Api.edgeApiAddress(), commonName, client.keys().getPrivate(),
                new X509Certificate[]{client.certificate(), ca.certificate()}, List.of(edgeCa.certificate()));

        ZitiContext.Status status = ZitiSdk.awaitActive(context);
        assertSame(ZitiContext.Status.Active.INSTANCE, status, "context status: " + status);
        List<String> ids = admin().queryParam("filter", "name = \"" + caName + "-" + commonName + "\"")
                .get(BASE + "/identities").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .body("data[0].roleAttributes", equalTo(List.of("sdk-auto")))
                .extract().path("data.id");
        assertEquals(ids.get(0), context.getId().getId(), "the SDK is logged in as the identity its login created");
    }
}
