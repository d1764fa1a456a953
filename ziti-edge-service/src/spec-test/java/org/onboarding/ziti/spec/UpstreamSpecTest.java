package org.onboarding.ziti.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator itself: it must reject what the spec forbids, or the conformance test proves nothing. */
class UpstreamSpecTest {

    private static final UpstreamSpec SPEC = UpstreamSpec.load();

    private static final String DETAIL = """
            {"data":{"_links":{"self":{"href":"./enrollments/e1"}},"createdAt":"2026-08-22T10:00:00.000Z",
             "id":"e1","tags":%s,"updatedAt":"2026-08-22T10:00:00.000Z","expiresAt":%s,
             "identityId":"i1","identity":{"_links":{"self":{"href":"./identities/i1"}},"entity":"identities","id":"i1","name":"n"},
             "jwt":"a.b.c","method":"ott"%s},"meta":{}}""";

    private static String detail(String tags, String expiresAt, String token) {
        return DETAIL.formatted(tags, expiresAt, token == null ? "" : ",\"token\":\"" + token + "\"");
    }

    @Test
    void routesRequestsToTheirOperations() {
        assertEquals("listEnrollments", SPEC.operationId("GET", "/edge/management/v1/enrollments"));
        assertEquals("detailEnrollment", SPEC.operationId("GET", "/edge/management/v1/enrollments/abc"));
        assertEquals("refreshEnrollment", SPEC.operationId("POST", "/edge/management/v1/enrollments/abc/refresh"));
        assertEquals("listNetworkJWTs", SPEC.operationId("GET", "/edge/management/v1/network-jwts"));
        assertEquals("listIdentityRoleAttributes", SPEC.operationId("GET", "/edge/management/v1/identity-role-attributes"));
    }

    @Test
    void acceptsAnEnrollmentAsUpstreamEmitsIt() {
        assertEquals(java.util.List.of(), SPEC.violations("detailEnrollment", 200,
                detail("{}", "\"2026-08-22T13:00:00.000Z\"", "t")));
        // tags is x-nullable, and its values are scalars
        assertEquals(java.util.List.of(), SPEC.violations("detailEnrollment", 200,
                detail("null", "\"2026-08-22T13:00:00Z\"", "t")));
        assertEquals(java.util.List.of(), SPEC.violations("detailEnrollment", 200,
                detail("{\"a\":\"x\",\"b\":true,\"c\":null}", "\"2026-08-22T13:00:00Z\"", "t")));
    }

    @Test
    void rejectsWhatTheSpecForbids() {
        assertFalse(SPEC.violations("detailEnrollment", 200, detail("{}", "\"2026-08-22T13:00:00Z\"", null)).isEmpty(),
                "token is required");
        assertFalse(SPEC.violations("detailEnrollment", 200, detail("{}", "\"22/08/2026\"", "t")).isEmpty(),
                "expiresAt is a date-time");
        assertFalse(SPEC.violations("detailEnrollment", 200, detail("{}", "null", "t")).isEmpty(),
                "expiresAt is not nullable");
        assertFalse(SPEC.violations("listEnrollments", 200, "{\"data\":[],\"meta\":{\"pagination\":{\"limit\":10}}}")
                .isEmpty(), "pagination needs offset and totalCount");
        assertFalse(SPEC.violations("deleteEnrollment", 200, "{\"data\":{}}").isEmpty(), "meta is required");
        assertFalse(SPEC.violations("listEnrollments", 400, "{\"error\":\"INVALID_FILTER\",\"meta\":{}}").isEmpty(),
                "error is an apiError object");
        assertTrue(SPEC.violations("detailEnrollment", 500, "{}").get(0).contains("declares no 500"),
                "an undeclared status is a violation");
        assertFalse(SPEC.violations("refreshEnrollment", 404, "{\"meta\":{}}").isEmpty(),
                "the contract's undeclared 404 is still held to the error envelope");
    }

    @Test
    void theClientSpecRoutesAndValidatesToo() {
        UpstreamSpec client = UpstreamSpec.loadClient();
        assertEquals("authenticate", client.operationId("POST", "/edge/client/v1/authenticate"));
        assertEquals("createSession", client.operationId("POST", "/edge/client/v1/sessions"));
        assertEquals("delete /current-api-session", client.operationId("DELETE", "/edge/client/v1/current-api-session"));
        assertFalse(client.violations("authenticate", 200, "{\"data\":{\"id\":\"x\"},\"meta\":{}}").isEmpty(),
                "an API session needs its token, identity, ...");
        assertFalse(client.violations("createSession", 201, "{\"data\":{},\"meta\":{}}").isEmpty(),
                "a session needs its type, service, edge routers, ...");
        assertTrue(client.violations("delete /current-api-session", 200, "{\"data\":{},\"meta\":{}}").isEmpty());
    }
}
