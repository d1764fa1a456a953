package org.onboarding.ziti.service;

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
import org.onboarding.ziti.api.CrudTable;
import org.onboarding.ziti.api.ManagementResource;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.util.List;
import java.util.Map;

/** {@code /services} (management, admin): the minimal upstream service — name, role attributes, encryption. */
@Path("/edge/management/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ServiceResource extends ManagementResource<CrudTable> {

    public static final FilterableFields FIELDS = FilterableFields.baseEntity("s")
            .strings("name", "terminatorStrategy")
            .bools("encryptionRequired");

    public static final String FROM = "FROM service s";

    public ServiceResource(Pool pool) {
        super(new CrudTable(pool, "service", "s", "service", "services", FIELDS, ServiceResource::detail));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String raw) {
        JsonBody body = JsonBody.parse("service", raw);
        Boolean encryptionRequired = body.bool("encryptionRequired");
        String name = body.string("name");
        List<String> roleAttributes = body.strings("roleAttributes");
        Map<String, Object> tags = body.tags("tags");
        String terminatorStrategy = body.string("terminatorStrategy");
        JsonBody.required("encryptionRequired", encryptionRequired);
        JsonBody.required("name", name);
        return collection.create(name, List.of("name", "role_attributes", "terminator_strategy", "encryption_required",
                        "tags"),
                List.of(name, JsonText.write(roleAttributes == null ? List.of() : roleAttributes),
                        terminatorStrategy == null || terminatorStrategy.isEmpty() ? "smartrouting" : terminatorStrategy,
                        encryptionRequired, JsonText.write(tags == null ? Map.of() : tags)));
    }

    public static Map<String, Object> detail(Row row) {
        String id = row.getString("id");
        Map<String, Object> d = Listing.base(row, "services");
        @SuppressWarnings("unchecked")
        Map<String, Links.Link> links = (Map<String, Links.Link>) d.get("_links");
        for (String sub : new String[]{"configs", "service-edge-router-policies", "service-policies", "terminators",
                "identities", "edge-routers"}) {
            links.put(sub, new Links.Link("./services/" + id + "/" + sub));
        }
        d.put("name", row.getString("name"));
        d.put("roleAttributes", JsonText.strings(row.getString("role_attributes")));
        d.put("terminatorStrategy", row.getString("terminator_strategy"));
        d.put("encryptionRequired", row.getBoolean("encryption_required"));
        d.put("maxIdleTimeMillis", row.getLong("max_idle_time_millis"));
        d.put("configs", List.of());
        d.put("config", Map.of());
        // the admin's view: permissions are per identity, so none here; no posture checks are modelled
        d.put("permissions", List.of());
        d.put("postureQueries", List.of());
        return d;
    }
}
