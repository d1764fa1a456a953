package org.onboarding.ziti.edgerouter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.CrudTable;
import org.onboarding.ziti.api.ManagementResource;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.zitiql.FilterableFields;

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
public class EdgeRouterResource extends ManagementResource<CrudTable> {

    public static final FilterableFields FIELDS = FilterableFields.baseEntity("r")
            .strings("name")
            .numbers("cost")
            .bools("noTraversal", "disabled", "isTunnelerEnabled");

    public EdgeRouterResource(Pool pool) {
        super(new CrudTable(pool, "edge_router", "r", "edgeRouter", "edge-routers", FIELDS,
                EdgeRouterResource::detail));
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
        return collection.create(name, List.of("name", "role_attributes", "cost", "no_traversal", "disabled",
                        "is_tunneler_enabled", "app_data", "tags"),
                List.of(name, JsonText.write(roleAttributes == null ? List.of() : roleAttributes),
                        cost == null ? 0 : cost.intValue(), Boolean.TRUE.equals(noTraversal),
                        Boolean.TRUE.equals(disabled), Boolean.TRUE.equals(tunneler),
                        JsonText.write(appData == null ? Map.of() : appData),
                        JsonText.write(tags == null ? Map.of() : tags)));
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
