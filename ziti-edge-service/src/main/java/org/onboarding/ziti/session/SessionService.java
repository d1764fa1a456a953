package org.onboarding.ziti.session;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Failures;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.servicepolicy.ServiceAccess;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Session creation as upstream's {@code SessionManager.Create} (README, Sessions): the service must be visible to the
 * identity through some service policy (else 404), the requested type must be granted (else 400 INVALID_FIELD
 * "service not found"), and an edge router must be usable (else NO_EDGE_ROUTERS_AVAILABLE). Edge-router policies are
 * not modelled: every enabled edge router is usable. One session per (API session, service, type): asking again
 * returns the existing one (the unique index decides, also under concurrency).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class SessionService {

    private final Pool pool;
    private final ServiceAccess access;

    public Uni<String> create(String apiSessionId, String identityId, String serviceId, String type,
                              Map<String, Object> tags) {
        Uni<Row> service = pool.preparedQuery("SELECT id, name, role_attributes FROM service WHERE id = $1")
                .execute(Tuple.of(serviceId)).map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
        return Uni.combine().all().unis(service, access.subject(identityId)).asTuple().flatMap(t -> {
            Row s = t.getItem1();
            ServiceAccess.Subject subject = t.getItem2();
            if (s == null || subject.identity() == null) {
                throw ApiException.notFound("service", serviceId);
            }
            ServiceAccess.Grant grant = ServiceAccess.grant(subject, s);
            Set<String> permissions = grant.permissions();
            List<String> granting = grant.policies(type);
            if (permissions.isEmpty()) {
                // upstream reads the service "for identity": a service no policy shows is not found
                throw ApiException.notFound("service", serviceId);
            }
            if (!permissions.contains(type)) {
                throw new ApiException(ErrorCode.INVALID_FIELD,
                        ApiException.fieldCause("ServiceId", "service not found", serviceId));
            }
            return pool.preparedQuery("SELECT 1 FROM edge_router WHERE NOT disabled LIMIT 1").execute()
                    .flatMap(routers -> {
                        if (!routers.iterator().hasNext()) {
                            throw new ApiException(ErrorCode.NO_EDGE_ROUTERS_AVAILABLE, null);
                        }
                        return insertOrExisting(apiSessionId, identityId, serviceId, type, granting, tags);
                    });
        });
    }

    private Uni<String> insertOrExisting(String apiSessionId, String identityId, String serviceId, String type,
                                         List<String> granting, Map<String, Object> tags) {
        String id = Cuid.next();
        return pool.preparedQuery("INSERT INTO session (id, token, api_session_id, identity_id, service_id, type, "
                        + "service_policies, tags, created_at, updated_at) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, now(), now()) "
                        + "ON CONFLICT (api_session_id, service_id, type) DO NOTHING RETURNING id")
                .execute(Tuple.from(List.of(id, apiSessionId, identityId, serviceId, type, JsonText.write(granting),
                        JsonText.write(tags == null ? Map.of() : tags))))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        return Uni.createFrom().item(rows.iterator().next().getString("id"));
                    }
                    return pool.preparedQuery("SELECT id FROM session WHERE api_session_id = $1 AND service_id = $2 "
                                    + "AND type = $3").execute(Tuple.of(apiSessionId, serviceId, type))
                            .map(existing -> existing.iterator().next().getString("id"));
                })
                // the API session ended (logout, expiry, identity deleted) while this request ran
                .onFailure(e -> Failures.violates(e, "session_api_session_id_fkey")
                        || Failures.violates(e, "session_identity_id_fkey"))
                .transform(e -> new ApiException(ErrorCode.UNAUTHORIZED, null))
                .onFailure(e -> Failures.violates(e, "session_service_id_fkey"))
                .transform(e -> ApiException.notFound("service", serviceId));
    }

    public Uni<Void> delete(String id) {
        return Listing.delete(pool, "session", id, "session");
    }
}
