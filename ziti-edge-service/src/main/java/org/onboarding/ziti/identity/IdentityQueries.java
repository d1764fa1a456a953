package org.onboarding.ziti.identity;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.EntityRef;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.Rows;
import org.onboarding.ziti.api.ZitiTime;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read side of identities: ZitiQL lists and details with the identity's outstanding enrollments. */
@ApplicationScoped
@RequiredArgsConstructor
public class IdentityQueries {

    public static final FilterableFields FIELDS = FilterableFields.baseEntity("i")
            .strings("name", "type")
            .bools("isAdmin", "isDefaultAdmin")
            .strings("externalId")
            .references("authPolicy")
            .bools("disabled");

    private static final String SELECT = "SELECT i.* FROM identity i ";
    public static final ListSource LIST = ListSource.table("identity", "i", FIELDS);

    private final Pool pool;

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.rows(pool, LIST, params, this::withEnrollments, List.of());
    }

    public Uni<Map<String, Object>> detail(String id) {
        return pool.preparedQuery(SELECT + "WHERE i.id = $1").execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    return withEnrollments(List.of(rows.iterator().next())).map(list -> list.get(0));
                });
    }

    private Uni<List<Map<String, Object>>> withEnrollments(List<Row> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = identities.stream().map(r -> r.getString("id")).toArray(String[]::new);
        return pool.preparedQuery("SELECT e.id, e.identity_id, e.method, e.jwt, e.token, e.expires_at, e.ca_id, "
                        + "c.name AS ca_name FROM enrollment e LEFT JOIN ca c ON c.id = e.ca_id "
                        + "WHERE e.identity_id = ANY($1)")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, Map<String, Object>> byIdentity = new HashMap<>();
                    rows.forEach(row -> byIdentity
                            .computeIfAbsent(row.getString("identity_id"), k -> new LinkedHashMap<>())
                            .put(row.getString("method"), enrollmentSummary(row)));
                    List<Map<String, Object>> data = new ArrayList<>();
                    for (Row identity : identities) {
                        data.add(detail(identity, byIdentity.getOrDefault(identity.getString("id"), Map.of())));
                    }
                    return data;
                });
    }

    private static Map<String, Object> enrollmentSummary(Row row) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("expiresAt", ZitiTime.format(Rows.instant(row, "expires_at")));
        e.put("id", row.getString("id"));
        e.put("jwt", row.getString("jwt"));
        e.put("token", row.getString("token"));
        String caId = row.getString("ca_id");
        if (caId != null) {
            e.put("ca", new EntityRef(Links.self("cas", caId), "cas", caId, row.getString("ca_name")));
            e.put("caId", caId);
        }
        return e;
    }

    /** {@code identityDetail}: every field the spec requires, with neutral values for what this service has no data for. */
    private static Map<String, Object> detail(Row row, Map<String, Object> enrollment) {
        String id = row.getString("id");
        String authPolicyId = row.getString("auth_policy_id");
        String type = row.getString("type");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_links", Links.identity(id, authPolicyId));
        d.put("createdAt", ZitiTime.format(Rows.instant(row, "created_at")));
        d.put("id", id);
        d.put("tags", JsonText.map(row.getString("tags")));
        d.put("updatedAt", ZitiTime.format(Rows.instant(row, "updated_at")));
        d.put("appData", JsonText.map(row.getString("app_data")));
        d.put("authPolicy", new EntityRef(Links.self("auth-policies", authPolicyId), "auth-policies", authPolicyId,
                "default".equals(authPolicyId) ? "Default" : null));
        d.put("authPolicyId", authPolicyId);
        d.put("authenticators", Map.of());
        d.put("defaultHostingCost", row.getInteger("default_hosting_cost"));
        d.put("defaultHostingPrecedence", row.getString("default_hosting_precedence"));
        d.put("disabled", row.getBoolean("disabled"));
        d.put("edgeRouterConnectionStatus", "offline");
        d.put("enrollment", enrollment);
        d.put("envInfo", Map.of());
        d.put("externalId", row.getString("external_id"));
        d.put("hasApiSession", false);
        d.put("hasEdgeRouterConnection", false);
        d.put("isAdmin", row.getBoolean("is_admin"));
        d.put("isDefaultAdmin", row.getBoolean("is_default_admin"));
        d.put("isMfaEnabled", false);
        d.put("name", row.getString("name"));
        d.put("permissions", JsonText.strings(row.getString("permissions")));
        d.put("roleAttributes", JsonText.strings(row.getString("role_attributes")));
        d.put("sdkInfo", Map.of());
        d.put("serviceHostingCosts", JsonText.map(row.getString("service_hosting_costs")));
        d.put("serviceHostingPrecedences", JsonText.map(row.getString("service_hosting_precedences")));
        d.put("type", new EntityRef(Links.self("identity-types", type), "identity-types", type, type));
        d.put("typeId", type);
        return d;
    }
}
