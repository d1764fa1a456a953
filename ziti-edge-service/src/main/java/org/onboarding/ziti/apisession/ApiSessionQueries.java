package org.onboarding.ziti.apisession;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.EntityRef;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.Rows;
import org.onboarding.ziti.api.ZitiTime;
import org.onboarding.ziti.signing.ZitiConfig;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read side of API sessions: upstream {@code apiSessionDetail} on the management API. Only live ones are listed
 * (an API session idle past the timeout is gone, as upstream's cleanup makes it). Tokens are stored only as
 * their SHA-256, so the management view cannot show them: {@code token} is an empty string there.
 */
@ApplicationScoped
public class ApiSessionQueries {

    /** Upstream's public symbols for API sessions that this store keeps. */
    public static final FilterableFields FIELDS = FilterableFields.timestamped("s")
            .references("identity")
            .strings("authenticatorId", "ipAddress")
            .datetimes("lastActivityAt");

    static final String SELECT = "SELECT s.*, i.name AS identity_name, i.auth_policy_id FROM api_session s "
            + "JOIN identity i ON i.id = s.identity_id";

    private final Pool pool;
    /**
     * The live API sessions as table {@code s} (the timeout is configuration, a number, never request input). Only
     * live ones are listed, so the total is {@code count(*)} over them: the index on {@code last_activity_at} bounds
     * it by the sessions active within the timeout, not by the table.
     */
    private final ListSource live;

    public ApiSessionQueries(Pool pool, ZitiConfig config) {
        this.pool = pool;
        long timeoutSeconds = Math.max(1, config.apiSession().timeout().toSeconds());
        String from = "FROM (" + SELECT + " WHERE s.last_activity_at > now() - make_interval(secs => "
                + timeoutSeconds + ")) s";
        this.live = ListSource.scoped("SELECT * " + from, from, FIELDS);
    }

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.list(pool, live, params, row -> render(row, ""));
    }

    public ListSource listSource() {
        return live;
    }

    public Uni<Map<String, Object>> detail(String id) {
        return Listing.detail(pool, live.select(), "s.id", id, "apiSession", row -> render(row, ""));
    }

    /** {@code apiSessionDetail}, the management shape; the current-api-session view adds to it. */
    static Map<String, Object> render(Row row, String token) {
        String id = row.getString("id");
        String identityId = row.getString("identity_id");
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Links.Link> links = Links.self("api-sessions", id);
        links.put("sessions", new Links.Link("./api-sessions/" + id + "/sessions"));
        d.put("_links", links);
        d.put("createdAt", ZitiTime.format(Rows.instant(row, "created_at")));
        d.put("id", id);
        d.put("tags", Map.of());
        d.put("updatedAt", ZitiTime.format(Rows.instant(row, "updated_at")));
        String last = ZitiTime.format(Rows.instant(row, "last_activity_at"));
        d.put("authQueries", List.of());
        d.put("authenticatorId", row.getString("authenticator_id"));
        d.put("cachedLastActivityAt", last);
        d.put("configTypes", List.of());
        d.put("identity", new EntityRef(Links.identity(identityId, row.getString("auth_policy_id")),
                "identities", identityId, row.getString("identity_name")));
        d.put("identityId", identityId);
        d.put("ipAddress", row.getString("ip_address"));
        d.put("isCertExtendRequested", false);
        d.put("isCertExtendable", false);
        d.put("isCertKeyRollRequested", false);
        d.put("isMfaComplete", false);
        d.put("isMfaRequired", false);
        d.put("lastActivityAt", last);
        d.put("token", token);
        return d;
    }
}
