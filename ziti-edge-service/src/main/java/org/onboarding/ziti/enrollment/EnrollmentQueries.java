package org.onboarding.ziti.enrollment;

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

import java.util.LinkedHashMap;
import java.util.Map;

/** Read side of enrollments: ZitiQL lists and details rendered as upstream's {@code enrollmentDetail}. */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentQueries {

    /** Upstream's public symbols for enrollments (README, Decisions); method/expiresAt/username are deliberately absent. */
    public static final FilterableFields FIELDS = FilterableFields.baseEntity("e")
            .strings("token")
            .references("identity", "edgeRouter", "transitRouter")
            .strings("caId");

    private static final String SELECT = "SELECT e.id, e.method, e.identity_id, e.edge_router_id, e.transit_router_id, "
            + "e.ca_id, e.username, e.token, e.jwt, e.expires_at, e.tags, e.created_at, e.updated_at, "
            + "i.name AS identity_name, i.auth_policy_id AS identity_auth_policy_id "
            + "FROM enrollment e LEFT JOIN identity i ON i.id = e.identity_id ";
    /** Every enrollment (the LEFT JOIN keeps them all), counted by the enrollment counter. */
    public static final ListSource LIST = new ListSource(SELECT, "FROM enrollment e", FIELDS, "enrollment");

    private final Pool pool;

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.list(pool, LIST, params, EnrollmentQueries::detail);
    }

    /** The detail, or null when there is no such enrollment. */
    public Uni<Map<String, Object>> detail(String id) {
        return pool.preparedQuery(SELECT + "WHERE e.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? detail(rows.iterator().next()) : null);
    }

    static Map<String, Object> detail(Row row) {
        String id = row.getString("id");
        String method = row.getString("method");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_links", Links.self("enrollments", id));
        d.put("createdAt", ZitiTime.format(Rows.instant(row, "created_at")));
        d.put("id", id);
        d.put("tags", JsonText.map(row.getString("tags")));
        d.put("updatedAt", ZitiTime.format(Rows.instant(row, "updated_at")));
        d.put("expiresAt", ZitiTime.format(Rows.instant(row, "expires_at")));
        String identityId = row.getString("identity_id");
        if (identityId != null) {
            d.put("identityId", identityId);
            d.put("identity", new EntityRef(Links.identity(identityId, row.getString("identity_auth_policy_id")),
                    "identities", identityId, row.getString("identity_name")));
        }
        String edgeRouterId = row.getString("edge_router_id");
        if (edgeRouterId != null) {
            d.put("edgeRouterId", edgeRouterId);
            d.put("edgeRouter", new EntityRef(Links.self("edge-routers", edgeRouterId), "edge-routers", edgeRouterId, null));
        }
        String transitRouterId = row.getString("transit_router_id");
        if (transitRouterId != null) {
            d.put("transitRouterId", transitRouterId);
            d.put("transitRouter", new EntityRef(Links.self("transit-routers", transitRouterId), "transit-routers",
                    transitRouterId, null));
        }
        if (row.getString("ca_id") != null) {
            d.put("caId", row.getString("ca_id"));
        }
        d.put("jwt", row.getString("jwt"));
        d.put("method", method);
        d.put("token", row.getString("token"));
        // deliberate deviation (README, Decisions): upstream never emits username; we do for updb
        if ("updb".equals(method) && row.getString("username") != null) {
            d.put("username", row.getString("username"));
        }
        return d;
    }
}
