package org.onboarding.ziti.spec;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.client.ApiClient;
import org.onboarding.ziti.client.ApiException;
import org.onboarding.ziti.client.ApiResponse;
import org.onboarding.ziti.client.api.EnrollmentApi;
import org.onboarding.ziti.client.api.IdentityApi;
import org.onboarding.ziti.client.model.ApiErrorEnvelope;
import org.onboarding.ziti.client.model.CreateEnvelope;
import org.onboarding.ziti.client.model.DetailIdentityEnvelope;
import org.onboarding.ziti.client.model.EnrollmentCreate;
import org.onboarding.ziti.client.model.EnrollmentDetail;
import org.onboarding.ziti.client.model.EnrollmentRefresh;
import org.onboarding.ziti.client.model.Empty;
import org.onboarding.ziti.client.model.IdentityCreate;
import org.onboarding.ziti.client.model.IdentityDetail;
import org.onboarding.ziti.client.model.IdentityPatch;
import org.onboarding.ziti.client.model.IdentityUpdate;
import org.onboarding.ziti.client.model.IdentityType;
import org.onboarding.ziti.client.model.ListEnrollmentsEnvelope;
import org.onboarding.ziti.client.model.ListIdentitiesEnvelope;
import org.onboarding.ziti.client.model.ListNetworkJWTsEnvelope;
import org.onboarding.ziti.client.model.NetworkJWT;
import org.onboarding.ziti.client.model.TerminatorPrecedence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenZiti management client generated from the upstream spec (openapi-generator, library native), used unchanged
 * against the running service. Every raw response body of every call is validated against the spec's schema for
 * that operation and status (see {@link #everyResponseConformsToTheUpstreamSpec()}).
 */
@QuarkusTest
class GeneratedClientConformanceTest extends GeneratedClientFixture {

    private EnrollmentApi enrollments;
    private IdentityApi identities;
    private EnrollmentApi anonymous;

    @BeforeEach
    void clients() {
        ApiClient client = http.admin(management);
        enrollments = new EnrollmentApi(client);
        identities = new IdentityApi(client);
        anonymous = new EnrollmentApi(http.client(management));
    }

    @Test
    void enrollmentLifecycleThroughTheGeneratedClient() throws ApiException {
        String identityId = createIdentity("spec-laptop");

        ApiResponse<CreateEnvelope> ott = enrollments.createEnrollmentWithHttpInfo(new EnrollmentCreate()
                .method(EnrollmentCreate.MethodEnum.OTT).identityId(identityId).expiresAt(inOneHour()));
        assertEquals(201, ott.getStatusCode());
        String ottId = ott.getData().getData().getId();
        assertEquals("./enrollments/" + ottId, ott.getData().getData().getLinks().get("self").getHref().toString());

        String updbId = enrollments.createEnrollment(new EnrollmentCreate()
                        .method(EnrollmentCreate.MethodEnum.UPDB).identityId(identityId).username("spec-user")
                        .expiresAt(inOneHour()))
                .getData().getId();

        // list + filter: exactly this identity's two enrollments, with upstream's paging metadata
        ListEnrollmentsEnvelope mine = enrollments.listEnrollments(null, null, "identity = \"" + identityId + "\"");
        assertEquals(Set.of(ottId, updbId), mine.getData().stream().map(EnrollmentDetail::getId).collect(Collectors.toSet()));
        assertEquals(0, mine.getMeta().getPagination().getTotalCount().compareTo(BigDecimal.valueOf(2)));
        assertTrue(mine.getMeta().getFilterableFields().contains("identity"));

        ListEnrollmentsEnvelope firstPage = enrollments.listEnrollments(1, 1,
                "identity = \"" + identityId + "\" sort by createdAt asc, id asc");
        assertEquals(1, firstPage.getData().size());
        assertEquals(0, firstPage.getMeta().getPagination().getLimit().compareTo(BigDecimal.ONE));
        assertEquals(0, firstPage.getMeta().getPagination().getOffset().compareTo(BigDecimal.ONE));
        assertEquals(0, firstPage.getMeta().getPagination().getTotalCount().compareTo(BigDecimal.valueOf(2)));

        // detail
        EnrollmentDetail before = enrollments.detailEnrollment(ottId).getData();
        assertEquals("ott", before.getMethod());
        assertEquals(identityId, before.getIdentityId());
        assertEquals(identityId, before.getIdentity().getId());
        assertNotNull(before.getToken());
        assertNotNull(before.getJwt());
        EnrollmentDetail updb = enrollments.detailEnrollment(updbId).getData();
        assertEquals("updb", updb.getMethod());
        assertEquals("spec-user", updb.getUsername());

        // refresh: new token, JWT and expiry
        OffsetDateTime later = inOneHour().plusHours(5);
        ApiResponse<CreateEnvelope> refreshed = enrollments.refreshEnrollmentWithHttpInfo(ottId,
                new EnrollmentRefresh().expiresAt(later));
        assertEquals(200, refreshed.getStatusCode());
        EnrollmentDetail after = enrollments.detailEnrollment(ottId).getData();
        assertNotEquals(before.getToken(), after.getToken());
        assertNotEquals(before.getJwt(), after.getJwt());
        assertEquals(later.toInstant(), after.getExpiresAt().toInstant());

        // delete: gone, and the 404 is upstream's envelope
        ApiResponse<?> deleted = enrollments.deleteEnrollmentWithHttpInfo(ottId);
        assertEquals(200, deleted.getStatusCode());
        ApiException gone = assertThrows(ApiException.class, () -> enrollments.detailEnrollment(ottId));
        assertEquals(404, gone.getCode());
        assertEquals("NOT_FOUND", error(gone).getError().getCode());
        ApiException deleteAgain = assertThrows(ApiException.class, () -> enrollments.deleteEnrollment(ottId));
        assertEquals(404, deleteAgain.getCode());
        assertEquals(List.of(updbId), enrollments.listEnrollments(null, null, "identity = \"" + identityId + "\"")
                .getData().stream().map(EnrollmentDetail::getId).toList());
    }

    @Test
    void networkJwtsNeedNoSession() throws ApiException {
        ListNetworkJWTsEnvelope jwts = anonymous.listNetworkJWTs();
        assertEquals(1, jwts.getData().size());
        NetworkJWT network = jwts.getData().get(0);
        assertEquals("default", network.getName());
        assertEquals(3, network.getToken().split("\\.").length);
    }

    @Test
    void errorEnvelopesConform() throws ApiException {
        ApiException badFilter = assertThrows(ApiException.class,
                () -> enrollments.listEnrollments(null, null, "nosuchfield = 1"));
        assertEquals(400, badFilter.getCode());
        assertEquals("INVALID_FILTER", error(badFilter).getError().getCode());

        ApiException missing = assertThrows(ApiException.class,
                () -> enrollments.detailEnrollment("doesNotExist"));
        assertEquals(404, missing.getCode());
        assertEquals("NOT_FOUND", error(missing).getError().getCode());

        ApiException refreshMissing = assertThrows(ApiException.class,
                () -> enrollments.refreshEnrollment("doesNotExist", new EnrollmentRefresh().expiresAt(inOneHour())));
        assertEquals(404, refreshMissing.getCode());

        // the generated client sends what it is given: no identityId means go-swagger's field error
        ApiException invalid = assertThrows(ApiException.class, () -> enrollments.createEnrollment(
                new EnrollmentCreate().method(EnrollmentCreate.MethodEnum.OTT).expiresAt(inOneHour())));
        assertEquals(400, invalid.getCode());
        assertEquals("COULD_NOT_VALIDATE", error(invalid).getError().getCode());
        assertEquals("identityId", error(invalid).getError().getCause().getField());

        String identityId = createIdentity("spec-twice");
        EnrollmentCreate ott = new EnrollmentCreate().method(EnrollmentCreate.MethodEnum.OTT)
                .identityId(identityId).expiresAt(inOneHour());
        enrollments.createEnrollment(ott);
        ApiException conflict = assertThrows(ApiException.class, () -> enrollments.createEnrollment(ott));
        assertEquals(409, conflict.getCode());

        ApiException unauthorized = assertThrows(ApiException.class, () -> anonymous.listEnrollments(null, null, null));
        assertEquals(401, unauthorized.getCode());
        assertEquals("UNAUTHORIZED", error(unauthorized).getError().getCode());
    }

    @Test
    void identitiesTheEnrollmentsPointAt() throws ApiException {
        String externalId = "ext-" + UUID.randomUUID();
        String id = identities.createIdentity(new IdentityCreate().name("spec-device-" + UUID.randomUUID())
                        .type(IdentityType.DEVICE).isAdmin(false).externalId(externalId)
                        .roleAttributes(List.of("laptops")))
                .getData().getId();

        DetailIdentityEnvelope detail = identities.detailIdentity(id);
        assertEquals(externalId, detail.getData().getExternalId());
        assertEquals(List.of("laptops"), detail.getData().getRoleAttributes());

        ListIdentitiesEnvelope found = identities.listIdentities(null, null, "externalId = \"" + externalId + "\"", null, null);
        assertEquals(List.of(id), found.getData().stream().map(i -> i.getId()).toList());

        enrollments.createEnrollment(new EnrollmentCreate().method(EnrollmentCreate.MethodEnum.OTT)
                .identityId(id).expiresAt(inOneHour()));
        identities.deleteIdentity(id);
        ApiException gone = assertThrows(ApiException.class, () -> identities.detailIdentity(id));
        assertEquals(404, gone.getCode());
        assertTrue(enrollments.listEnrollments(null, null, "identity = \"" + id + "\"").getData().isEmpty());
    }

    @Test
    void identityUpdateAndPatchThroughTheGeneratedClient() throws ApiException {
        String name = "spec-update-" + UUID.randomUUID();
        String id = identities.createIdentity(new IdentityCreate().name(name).type(IdentityType.DEVICE).isAdmin(false)
                        .roleAttributes(List.of("laptops")).externalId("ext-" + UUID.randomUUID()))
                .getData().getId();
        IdentityDetail created = identities.detailIdentity(id).getData();

        // PUT replaces: what the body leaves out goes back to its default
        ApiResponse<Empty> put = identities.updateIdentityWithHttpInfo(id, new IdentityUpdate().name(name + "-v2")
                .type(IdentityType.SERVICE).isAdmin(false).defaultHostingCost(7)
                .defaultHostingPrecedence(TerminatorPrecedence.REQUIRED).putServiceHostingCostsItem("svc", 3)
                .putServiceHostingPrecedencesItem("svc", TerminatorPrecedence.FAILED)
                .permissions(List.of(IdentityUpdate.PermissionsEnum.IDENTITY_READ)));
        assertEquals(200, put.getStatusCode());
        IdentityDetail replaced = identities.detailIdentity(id).getData();
        assertEquals(name + "-v2", replaced.getName());
        assertEquals("Service", replaced.getTypeId());
        assertEquals(List.of(), replaced.getRoleAttributes());
        assertEquals(null, replaced.getExternalId());
        assertEquals(7, replaced.getDefaultHostingCost());
        assertEquals(TerminatorPrecedence.REQUIRED, replaced.getDefaultHostingPrecedence());
        assertEquals(Map.of("svc", 3), replaced.getServiceHostingCosts());
        assertEquals(Map.of("svc", TerminatorPrecedence.FAILED), replaced.getServiceHostingPrecedences());
        assertEquals(List.of(IdentityDetail.PermissionsEnum.IDENTITY_READ), replaced.getPermissions());
        assertEquals(created.getCreatedAt(), replaced.getCreatedAt());
        assertTrue(replaced.getUpdatedAt().isAfter(created.getUpdatedAt()));

        // PATCH changes what it names (this client always names the two hosting maps, sending them empty)
        String externalId = "ext-" + UUID.randomUUID();
        ApiResponse<Empty> patch = identities.patchIdentityWithHttpInfo(id, new IdentityPatch()
                .roleAttributes(List.of("servers")).externalId(externalId));
        assertEquals(200, patch.getStatusCode());
        IdentityDetail patched = identities.detailIdentity(id).getData();
        assertEquals(List.of("servers"), patched.getRoleAttributes());
        assertEquals(externalId, patched.getExternalId());
        assertEquals(name + "-v2", patched.getName());
        assertEquals("Service", patched.getTypeId());
        assertEquals(7, patched.getDefaultHostingCost());
        assertEquals(List.of(IdentityDetail.PermissionsEnum.IDENTITY_READ), patched.getPermissions());

        // errors: unknown id, duplicate name, missing required field
        ApiException unknown = assertThrows(ApiException.class,
                () -> identities.patchIdentity("doesNotExist", new IdentityPatch().name("x")));
        assertEquals(404, unknown.getCode());
        assertEquals("NOT_FOUND", error(unknown).getError().getCode());
        String other = createIdentity("spec-other");
        ApiException duplicate = assertThrows(ApiException.class, () -> identities.updateIdentity(other,
                new IdentityUpdate().name(name + "-v2").type(IdentityType.USER).isAdmin(false)));
        assertEquals(400, duplicate.getCode());
        assertEquals("COULD_NOT_VALIDATE", error(duplicate).getError().getCode());
        assertEquals("name", error(duplicate).getError().getCause().getField());
        assertEquals("duplicate value in unique index", error(duplicate).getError().getCause().getReason());
        ApiException missing = assertThrows(ApiException.class, () -> identities.updateIdentity(other,
                new IdentityUpdate().type(IdentityType.USER).isAdmin(false)));
        assertEquals(400, missing.getCode());
        assertEquals("name", error(missing).getError().getCause().getField());
    }

    private String createIdentity(String prefix) throws ApiException {
        ApiResponse<CreateEnvelope> created = identities.createIdentityWithHttpInfo(new IdentityCreate()
                .name(prefix + "-" + UUID.randomUUID()).type(IdentityType.USER).isAdmin(false));
        assertEquals(201, created.getStatusCode());
        return created.getData().getData().getId();
    }

    private static ApiErrorEnvelope error(ApiException e) {
        try {
            return ApiClient.createDefaultObjectMapper().readValue(e.getResponseBody(), ApiErrorEnvelope.class);
        } catch (Exception parse) {
            throw new AssertionError("not an error envelope: " + e.getResponseBody(), parse);
        }
    }
}
