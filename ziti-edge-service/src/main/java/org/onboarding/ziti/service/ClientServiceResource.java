package org.onboarding.ziti.service;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.auth.ApiSessionIdentityProvider;
import org.onboarding.ziti.auth.ClientApiResource;
import org.onboarding.ziti.servicepolicy.ServiceAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /edge/client/v1/services[/{id}]}: the services the caller's identity may use, each with its
 * {@code permissions} (Dial/Bind) from the service policies that grant it; others do not exist for it (404). ZitiQL
 * {@code filter} (e.g. {@code name="x"}) as on the management list. No config entities are modelled, so
 * {@code configs} is empty and {@code config} an empty map whatever {@code configTypes} asks for.
 */
@Path("/edge/client/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiSessionIdentityProvider.CLIENT_ROLE)
public class ClientServiceResource extends ClientApiResource {

    /** Only the services visible to the caller: their ids are bound as {@code $1}. */
    private static final String FROM = ServiceResource.FROM + " JOIN unnest($1::text[]) AS visible(id) ON visible.id = s.id";
    private static final ListSource VISIBLE = ListSource.scoped("SELECT s.* " + FROM, FROM, ServiceResource.FIELDS);

    private final Pool pool;
    private final ServiceAccess access;

    public ClientServiceResource(Pool pool, ServiceAccess access, SecurityIdentity caller) {
        super(caller);
        this.pool = pool;
        this.access = access;
    }

    @GET
    public Uni<Envelopes.Envelope> list(@BeanParam ListParams params) {
        // a malformed limit or offset is refused before the visibility query
        params.limit();
        params.offset();
        return access.visibleServices(identityId()).flatMap(visible -> Listing.list(pool, VISIBLE, params,
                row -> render(row, visible), List.of((Object) visible.keySet().toArray(String[]::new))));
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return access.visibleServices(identityId()).flatMap(visible -> {
            if (!visible.containsKey(id)) {
                throw ApiException.notFound("service", id);
            }
            return Listing.detail(pool, "SELECT s.* " + ServiceResource.FROM, "s.id", id, "service",
                    row -> render(row, visible)).map(Envelopes::detail);
        });
    }

    private static Map<String, Object> render(Row row, Map<String, ServiceAccess.Grant> visible) {
        Map<String, Object> d = ServiceResource.detail(row);
        d.put("permissions", new ArrayList<>(visible.get(row.getString("id")).permissions()));
        return d;
    }
}
