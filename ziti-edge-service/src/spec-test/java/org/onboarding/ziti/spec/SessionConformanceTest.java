package org.onboarding.ziti.spec;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.client.ApiClient;
import org.onboarding.ziti.client.ApiException;
import org.onboarding.ziti.client.api.ApiSessionApi;
import org.onboarding.ziti.client.api.EdgeRouterApi;
import org.onboarding.ziti.client.api.EnrollmentApi;
import org.onboarding.ziti.client.api.IdentityApi;
import org.onboarding.ziti.client.api.ServiceApi;
import org.onboarding.ziti.client.api.ServicePolicyApi;
import org.onboarding.ziti.client.api.SessionApi;
import org.onboarding.ziti.client.model.ApiSessionDetail;
import org.onboarding.ziti.client.model.DialBind;
import org.onboarding.ziti.client.model.EdgeRouterCreate;
import org.onboarding.ziti.client.model.EdgeRouterDetail;
import org.onboarding.ziti.client.model.EnrollmentCreate;
import org.onboarding.ziti.client.model.EntityRef;
import org.onboarding.ziti.client.model.IdentityCreate;
import org.onboarding.ziti.client.model.IdentityType;
import org.onboarding.ziti.client.model.Semantic;
import org.onboarding.ziti.client.model.ServiceCreate;
import org.onboarding.ziti.client.model.ServiceDetail;
import org.onboarding.ziti.client.model.ServicePolicyCreate;
import org.onboarding.ziti.client.model.ServicePolicyDetail;
import org.onboarding.ziti.client.model.SessionManagementDetail;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions made the way OpenZiti clients make them (client API: enroll, authenticate, dial), then read and ended
 * through the management client generated from the upstream spec. Every management response is validated against
 * {@code management.yml} and every client API response against {@code client.yml}.
 */
@QuarkusTest
class SessionConformanceTest extends GeneratedClientFixture {


    private EnrollmentApi enrollments;
    private IdentityApi identities;
    private ServiceApi services;
    private EdgeRouterApi routers;
    private ServicePolicyApi policies;
    private SessionApi sessions;
    private ApiSessionApi apiSessions;

    @BeforeEach
    void clients() {
        ApiClient client = http.admin(management);
        enrollments = new EnrollmentApi(client);
        identities = new IdentityApi(client);
        services = new ServiceApi(client);
        routers = new EdgeRouterApi(client);
        policies = new ServicePolicyApi(client);
        sessions = new SessionApi(client);
        apiSessions = new ApiSessionApi(client);
    }

    @Test
    void dialedSessionsAreReadAndEndedThroughTheGeneratedClient() throws ApiException {
        String username = "spec-dialer-" + UUID.randomUUID();
        String identityId = identities.createIdentity(new IdentityCreate().name("spec-dialer-" + UUID.randomUUID())
                .type(IdentityType.USER).isAdmin(false)).getData().getId();
        String enrollmentId = enrollments.createEnrollment(new EnrollmentCreate().method(EnrollmentCreate.MethodEnum.UPDB)
                .identityId(identityId).username(username).expiresAt(inOneHour())).getData().getId();
        String token = enrollments.detailEnrollment(enrollmentId).getData().getToken();

        // the client side: enroll, authenticate, dial
        client("POST", "/enroll/updb?token=" + token, null, Map.of("password", "spec-pass")).then().statusCode(200);
        Response login = client("POST", "/authenticate?method=password", null,
                Map.of("username", username, "password", "spec-pass"));
        login.then().statusCode(200);
        String ztSession = login.header("zt-session");
        String apiSessionId = login.path("data.id");

        String attribute = "spec-files-" + UUID.randomUUID();
        String routerName = "spec-er-" + UUID.randomUUID();
        String routerId = routers.createEdgeRouter(new EdgeRouterCreate().name(routerName).cost(3)).getData().getId();
        String serviceName = "spec-svc-" + UUID.randomUUID();
        String serviceId = services.createService(new ServiceCreate().name(serviceName).encryptionRequired(true)
                .roleAttributes(List.of(attribute))).getData().getId();
        String policyName = "spec-policy-" + UUID.randomUUID();
        String policyId = policies.createServicePolicy(new ServicePolicyCreate().name(policyName).type(DialBind.DIAL)
                .semantic(Semantic.ANY_OF).identityRoles(List.of("@" + identityId))
                .serviceRoles(List.of("#" + attribute))).getData().getId();

        Response dial = client("POST", "/sessions", ztSession, Map.of("serviceId", serviceId, "type", "Dial"));
        dial.then().statusCode(201);
        String sessionId = dial.path("data.id");
        client("GET", "/current-api-session", ztSession, null).then().statusCode(200);
        // the service is visible (Dial) but no policy grants Bind: upstream's INVALID_FIELD; one no policy shows: 404
        client("POST", "/sessions", ztSession, Map.of("serviceId", serviceId, "type", "Bind")).then().statusCode(400)
                .body("error.code", org.hamcrest.Matchers.equalTo("INVALID_FIELD"));
        String hidden = services.createService(new ServiceCreate().name("spec-hidden-" + UUID.randomUUID())
                .encryptionRequired(true)).getData().getId();
        client("POST", "/sessions", ztSession, Map.of("serviceId", hidden, "type", "Dial")).then().statusCode(404)
                .body("error.code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));

        // the management side reads what the client made
        List<SessionManagementDetail> listed = sessions.listSessions(null, null,
                "service = \"" + serviceId + "\" and apiSession = \"" + apiSessionId + "\"").getData();
        assertEquals(List.of(sessionId), listed.stream().map(SessionManagementDetail::getId).toList());
        SessionManagementDetail session = sessions.detailSession(sessionId).getData();
        assertEquals(DialBind.DIAL, session.getType());
        assertEquals(identityId, session.getIdentityId());
        assertEquals(apiSessionId, session.getApiSessionId());
        assertEquals("api-sessions", session.getApiSession().getEntity());
        assertEquals(serviceName, session.getService().getName());
        assertEquals(List.of(policyId), session.getServicePolicies().stream().map(EntityRef::getId).toList());
        assertTrue(session.getEdgeRouters().stream().anyMatch(r -> routerName.equals(r.getName())));
        assertNotNull(session.getToken());
        assertEquals(List.of(), sessions.detailSessionRoutePath(sessionId).getData().getRoutePath());

        ApiSessionDetail apiSession = apiSessions.detailAPISessions(apiSessionId).getData();
        assertEquals(identityId, apiSession.getIdentityId());
        assertNotNull(apiSession.getLastActivityAt());
        assertEquals(List.of(apiSessionId), apiSessions.listAPISessions(null, null, "identity = \"" + identityId + "\"")
                .getData().stream().map(ApiSessionDetail::getId).toList());

        ServiceDetail service = services.detailService(serviceId).getData();
        assertEquals(List.of(attribute), service.getRoleAttributes());
        assertEquals(List.of(serviceId), services.listServices(null, null, "name = \"" + serviceName + "\"", null,
                null, null).getData().stream().map(ServiceDetail::getId).toList());
        EdgeRouterDetail router = routers.detailEdgeRouter(routerId).getData();
        assertEquals(3, router.getCost());
        assertEquals(List.of(routerId), routers.listEdgeRouters(null, null, "name = \"" + routerName + "\"", null, null)
                .getData().stream().map(EdgeRouterDetail::getId).toList());
        ServicePolicyDetail policy = policies.detailServicePolicy(policyId).getData();
        assertEquals(List.of("@" + identityId), policy.getIdentityRoles());
        assertEquals(List.of(policyId), policies.listServicePolicies(null, null, "name = \"" + policyName + "\"")
                .getData().stream().map(ServicePolicyDetail::getId).toList());

        // ending: the session, then the API session (which takes its new session with it)
        sessions.deleteSession(sessionId);
        assertEquals(404, assertThrows(ApiException.class, () -> sessions.detailSession(sessionId)).getCode());
        String again = client("POST", "/sessions", ztSession, Map.of("serviceId", serviceId, "type", "Dial"))
                .then().statusCode(201).extract().path("data.id");
        apiSessions.deleteAPISessions(apiSessionId);
        assertEquals(404, assertThrows(ApiException.class, () -> sessions.detailSession(again)).getCode());
        assertTrue(sessions.listSessions(null, null, "apiSession = \"" + apiSessionId + "\"").getData().isEmpty());
        client("GET", "/current-api-session", ztSession, null).then().statusCode(401);

        // logout on a new API session
        Response relogin = client("POST", "/authenticate?method=password", null,
                Map.of("username", username, "password", "spec-pass"));
        String second = relogin.header("zt-session");
        client("DELETE", "/current-api-session", second, null).then().statusCode(200);
        client("POST", "/sessions", second, Map.of("serviceId", serviceId, "type", "Dial")).then().statusCode(401);

        // removing what the policy points at
        policies.deleteServicePolicy(policyId);
        services.deleteService(serviceId);
        routers.deleteEdgeRouter(routerId);
        assertEquals(404, assertThrows(ApiException.class, () -> services.detailService(serviceId)).getCode());
    }

    /** One client API call; its response is checked against {@code client.yml} after the test. */
    private Response client(String method, String pathAndQuery, String ztSession, Object body) {
        RequestSpecification request = given();
        if (ztSession != null) {
            request.header("zt-session", ztSession);
        }
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        Response response = request.request(method, CLIENT_BASE + pathAndQuery);
        return violations.check(CLIENT, method, CLIENT_BASE + pathAndQuery.replaceFirst("\\?.*$", ""), response);
    }}
