package org.onboarding.ziti.session;

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
import org.onboarding.ziti.edgerouter.EdgeRouterResource;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read side of sessions: {@code sessionManagementDetail} (management) and {@code sessionDetail} (client). */
@ApplicationScoped
@RequiredArgsConstructor
public class SessionQueries {

    /** Upstream's public symbols for sessions (as upstream's store declares them): identityId and servicePolicies are not filterable. */
    public static final FilterableFields FIELDS = FilterableFields.baseEntity("se")
            .strings("token")
            .references("apiSession", "service")
            .strings("type");

    private static final String FROM = "FROM session se";
    private static final String SELECT = "SELECT se.*, sv.name AS service_name FROM session se "
            + "LEFT JOIN service sv ON sv.id = se.service_id";
    /** Every session (the LEFT JOIN keeps them all), counted by the session counter. */
    public static final ListSource LIST = new ListSource(SELECT, FROM, FIELDS, "session");
    /** Upstream lists at most 25, connected ones first; none is connected here, so by id. */
    private static final String ROUTERS = "SELECT * FROM edge_router WHERE NOT disabled ORDER BY id LIMIT 25";

    private final Pool pool;

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return routers().flatMap(routers -> Listing.list(pool, LIST, params, row -> detail(row, routers))
                .flatMap(envelope -> {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> data = (List<Map<String, Object>>) envelope.data();
                    return withServicePolicies(data).map(ignored -> envelope);
                }));
    }

    /** The management detail, or 404. */
    public Uni<Map<String, Object>> managementDetail(String id) {
        return routers().flatMap(routers -> Listing.detail(pool, SELECT, "se.id", id, "session",
                        row -> detail(row, routers)))
                .flatMap(d -> withServicePolicies(List.of(d)).map(ignored -> d));
    }

    /** The client's {@code sessionDetail} (no servicePolicies). */
    public Uni<Map<String, Object>> clientDetail(String id) {
        return routers().flatMap(routers -> Listing.detail(pool, SELECT, "se.id", id, "session",
                row -> {
                    Map<String, Object> d = detail(row, routers);
                    d.remove("servicePolicyIds");
                    return d;
                }));
    }

    private Uni<List<Map<String, Object>>> routers() {
        return pool.preparedQuery(ROUTERS).execute().map(rows -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> router = EdgeRouterResource.common(row);
                // deprecated urls repeat supportedProtocols
                router.put("urls", router.get("supportedProtocols"));
                list.add(router);
            }
            return list;
        });
    }

    private static Map<String, Object> detail(Row row, List<Map<String, Object>> routers) {
        String id = row.getString("id");
        Map<String, Object> d = Listing.base(row, "sessions");
        @SuppressWarnings("unchecked")
        Map<String, Links.Link> links = (Map<String, Links.Link>) d.get("_links");
        links.put("route-path", new Links.Link("./sessions/" + id + "/route-path"));
        String apiSessionId = row.getString("api_session_id");
        String serviceId = row.getString("service_id");
        d.put("apiSession", new EntityRef(Links.self("api-sessions", apiSessionId), "api-sessions", apiSessionId, null));
        d.put("apiSessionId", apiSessionId);
        d.put("edgeRouters", routers);
        d.put("identityId", row.getString("identity_id"));
        d.put("service", new EntityRef(Links.self("services", serviceId), "services", serviceId,
                row.getString("service_name")));
        d.put("serviceId", serviceId);
        d.put("token", row.getString("token"));
        d.put("type", row.getString("type"));
        d.put("servicePolicyIds", JsonText.strings(row.getString("service_policies")));
        return d;
    }

    /** Replaces the stored policy ids by refs; policies deleted since are dropped silently, as upstream. */
    @SuppressWarnings("unchecked")
    private Uni<Void> withServicePolicies(List<Map<String, Object>> sessions) {
        Set<String> ids = new LinkedHashSet<>();
        sessions.forEach(s -> ids.addAll((List<String>) s.get("servicePolicyIds")));
        Uni<Map<String, String>> names = ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : pool.preparedQuery("SELECT id, name FROM service_policy WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, String> byId = new HashMap<>();
                    rows.forEach(r -> byId.put(r.getString("id"), r.getString("name")));
                    return byId;
                });
        return names.map(byId -> {
            for (Map<String, Object> s : sessions) {
                List<EntityRef> refs = new ArrayList<>();
                for (String policyId : (List<String>) s.remove("servicePolicyIds")) {
                    if (byId.containsKey(policyId)) {
                        refs.add(new EntityRef(Links.self("service-policies", policyId), "service-policies",
                                policyId, byId.get(policyId)));
                    }
                }
                s.put("servicePolicies", refs);
            }
            return null;
        });
    }

    static Map<String, Object> routePath() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("routePath", List.of());
        return d;
    }
}
