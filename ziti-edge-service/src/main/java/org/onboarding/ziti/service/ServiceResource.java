package org.onboarding.ziti.service;

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
import org.onboarding.ziti.api.Creates;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.QueryParams;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.zitiql.FieldType;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** {@code /services} (management, admin): the minimal upstream service — name, role attributes, encryption. */
@Path("/edge/management/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ServiceResource {

    public static final FilterableFields FIELDS = FilterableFields.withId("s.id")
            .add("createdAt", "s.created_at", FieldType.DATETIME)
            .add("updatedAt", "s.updated_at", FieldType.DATETIME)
            .add("tags", "s.tags", FieldType.TAGS)
            .add("isSystem", "s.is_system", FieldType.BOOL)
            .add("name", "s.name", FieldType.STRING)
            .add("terminatorStrategy", "s.terminator_strategy", FieldType.STRING)
            .add("encryptionRequired", "s.encryption_required", FieldType.BOOL);

    public static final String FROM = "FROM service s";
    private static final String SELECT = "SELECT s.* " + FROM;

    private final Pool pool;

    public ServiceResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    public Uni<Envelopes.Envelope> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                        @QueryParam("filter") String filter, @QueryParam("sort") String sort) {
        return Listing.list(pool, SELECT, FROM, FIELDS, filter, QueryParams.int64("limit", limit),
                QueryParams.int64("offset", offset), sort, ServiceResource::detail);
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
        String id = ZitiIds.shortId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return Creates.insertNamed(pool, "INSERT INTO service (id, name, role_attributes, terminator_strategy, "
                        + "encryption_required, tags, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                Tuple.from(List.of(id, name, JsonText.write(roleAttributes == null ? List.of() : roleAttributes),
                        terminatorStrategy == null || terminatorStrategy.isEmpty() ? "smartrouting" : terminatorStrategy,
                        encryptionRequired, JsonText.write(tags == null ? Map.of() : tags), now)),
                id, "service_name_uq", name)
                .map(created -> Response.status(201).entity(Envelopes.created(created, "services")).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Envelopes.Envelope> detail(@PathParam("id") String id) {
        return Listing.detail(pool, SELECT, "s.id", id, "service", ServiceResource::detail).map(Envelopes::detail);
    }

    /** Deleting a service removes its sessions (FK cascade), as upstream. */
    @DELETE
    @Path("/{id}")
    public Uni<Envelopes.Envelope> delete(@PathParam("id") String id) {
        return Listing.delete(pool, "service", id, "service").map(ignored -> Envelopes.empty());
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
