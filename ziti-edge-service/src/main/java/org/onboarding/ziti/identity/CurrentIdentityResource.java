package org.onboarding.ziti.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.auth.ApiSessionIdentityProvider;
import org.onboarding.ziti.auth.ClientApiResource;
import org.onboarding.ziti.edgerouter.EdgeRouterResource;

import java.util.Map;

/**
 * {@code /edge/client/v1/current-identity}: the caller's identity ({@code identityDetail}), and the edge routers it
 * may connect to. Edge-router policies are not modelled, so those are every enabled edge router, as for sessions.
 */
@Path("/edge/client/v1/current-identity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
public class CurrentIdentityResource extends ClientApiResource {

    private static final String ROUTERS_FROM = "FROM (SELECT * FROM edge_router WHERE NOT disabled) r";
    private static final ListSource ROUTERS = ListSource.scoped("SELECT r.* " + ROUTERS_FROM, ROUTERS_FROM,
            EdgeRouterResource.FIELDS);

    private final IdentityQueries queries;
    private final Pool pool;

    public CurrentIdentityResource(IdentityQueries queries, Pool pool, SecurityIdentity caller) {
        super(caller);
        this.queries = queries;
        this.pool = pool;
    }

    @GET
    public Uni<Envelopes.Envelope> detail() {
        return queries.detail(identityId()).map(detail -> {
            if (detail == null) {
                // deleted while its API session was being resolved
                throw new ApiException(ErrorCode.UNAUTHORIZED, null);
            }
            return Envelopes.detail(detail);
        });
    }

    @GET
    @Path("/edge-routers")
    public Uni<Envelopes.Envelope> edgeRouters(@BeanParam ListParams params) {
        return Listing.list(pool, ROUTERS, params, CurrentIdentityResource::router);
    }

    private static Map<String, Object> router(Row row) {
        Map<String, Object> d = Listing.base(row, "edge-routers");
        d.putAll(EdgeRouterResource.common(row));
        d.put("appData", JsonText.map(row.getString("app_data")));
        return d;
    }
}
