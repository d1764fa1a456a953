package org.onboarding.ziti.edgerouter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Creates;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.QueryParams;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.zitiql.FieldType;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /edge-routers} (management, admin). There is no data plane: routers never connect, so the live fields are
 * those of a router that has not connected yet ({@code isOnline=false}, {@code syncStatus=SYNC_NEW}, empty hostname
 * and protocols, empty version info).
 */
@Path("/edge/management/v1/edge-routers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class EdgeRouterResource {

    public static final FilterableFields FIELDS = FilterableFields.withId("r.id")
            .add("createdAt", "r.created_at", FieldType.DATETIME)
            .add("updatedAt", "r.updated_at", FieldType.DATETIME)
            .add("tags", "r.tags", FieldType.TAGS)
            .add("isSystem", "r.is_system", FieldType.BOOL)
            .add("name", "r.name", FieldType.STRING)
            .add("cost", "r.cost", FieldType.NUMBER)
            .add("noTraversal", "r.no_traversal", FieldType.BOOL)
            .add("disabled", "r.disabled", FieldType.BOOL)
            .add("isTunnelerEnabled", "r.is_tunneler_enabled", FieldType.BOOL);

    private static final String FROM = "FROM edge_router r";
    private static final String SELECT = "SELECT r.* " + FROM;

    private final Pool pool;

    public EdgeRouterResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    public Uni<Envelopes.Envelope> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                        @QueryParam("filter") String filter, @QueryParam("sort") String sort) {
        return Listing.list(pool, SELECT, FROM, FIELDS, filter, QueryParams.int64("limit", limit),
                QueryParams.int64("offset", offset), sort, EdgeRouterResource::detail);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String raw) {
        JsonBody body = JsonBody.parse("edgeRouter", raw);
        Map<String, Object> appData = body.tags("appData");
        Long cost = body.int64("cost");
        Boolean disabled = body.bool("disabled");
        Boolean tunneler = body.bool("isTunnelerEnabled");
        String name = body.string("name");
        Boolean noTraversal = body.bool("noTraversal");
        List<String> roleAttributes = body.strings("roleAttributes");
        Map<String, Object> tags = body.tags("tags");
        if (cost != null && (cost < 0 || cost > 65535)) {
            throw ApiException.couldNotValidate("cost", "cost in body should be "
                    + (cost < 0 ? "greater than or equal to 0" : "less than or equal to 65535"), cost);
        }
        JsonBody.required("name", name);
        String id = ZitiIds.shortId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return Creates.insertNamed(pool, "INSERT INTO edge_router (id, name, role_attributes, cost, no_traversal, "
                        + "disabled, is_tunneler_enabled, app_data, tags, created_at, updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
                Tuple.from(Arrays.asList(id, name, JsonText.write(roleAttributes == null ? List.of() : roleAttributes),
                        cost == null ? 0 : cost.intValue(), Boolean.TRUE.equals(noTraversal),
                        Boolean.TRUE.equals(disabled), Boolean.TRUE.equals(tunneler),
                        JsonText.write(appData == null ? Map.of() : appData),
                        JsonText.write(tags == null ? Map.of() : tags), now)),
                id, "edge_router_name_uq", name)
                .map(created -> Response.status(201).entity(Envelopes.created(created, "edge-routers")).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return Listing.detail(pool, SELECT, "r.id", id, "edgeRouter", EdgeRouterResource::detail).map(Envelopes::detail);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return Listing.delete(pool, "edge_router", id, "edgeRouter").map(ignored -> Envelopes.empty());
    }

    static Map<String, Object> detail(Row row) {
        Map<String, Object> d = Listing.base(row, "edge-routers");
        d.putAll(common(row));
        d.put("appData", JsonText.map(row.getString("app_data")));
        d.put("roleAttributes", JsonText.strings(row.getString("role_attributes")));
        d.put("isVerified", false);
        d.put("isTunnelerEnabled", row.getBoolean("is_tunneler_enabled"));
        d.put("os", "");
        d.put("arch", "");
        d.put("version", "");
        d.put("buildDate", "");
        d.put("revision", "");
        return d;
    }

    /** {@code commonEdgeRouterProperties} of a router that never connected (no data plane here). */
    public static Map<String, Object> common(Row row) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cost", row.getInteger("cost"));
        d.put("disabled", row.getBoolean("disabled"));
        d.put("hostname", "");
        d.put("isOnline", false);
        d.put("name", row.getString("name"));
        d.put("noTraversal", row.getBoolean("no_traversal"));
        d.put("supportedProtocols", Map.of());
        d.put("syncStatus", "SYNC_NEW");
        return d;
    }
}
