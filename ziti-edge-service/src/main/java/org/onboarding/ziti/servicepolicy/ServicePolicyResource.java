package org.onboarding.ziti.servicepolicy;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /service-policies} (management, admin): who may {@code Dial} or {@code Bind} what. Posture checks are not
 * modelled ({@code postureCheckRoles} are stored and shown, never evaluated).
 */
@Path("/edge/management/v1/service-policies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ServicePolicyResource extends ManagementResource<CrudTable> {

    public static final List<String> TYPES = List.of("Dial", "Bind");
    public static final List<String> SEMANTICS = List.of("AllOf", "AnyOf");

    public static final FilterableFields FIELDS = FilterableFields.baseEntity("p")
            .strings("name", "type", "semantic");

    public ServicePolicyResource(Pool pool) {
        super(new CrudTable(pool, "service_policy", "p", "servicePolicy", "service-policies", FIELDS,
                ServicePolicyResource::detail));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String raw) {
        JsonBody body = JsonBody.parse("policy", raw);
        List<String> identityRoles = orEmpty(body.strings("identityRoles"));
        String name = body.string("name");
        List<String> postureCheckRoles = orEmpty(body.strings("postureCheckRoles"));
        String semantic = body.string("semantic");
        List<String> serviceRoles = orEmpty(body.strings("serviceRoles"));
        Map<String, Object> tags = body.tags("tags");
        String type = body.string("type");
        JsonBody.required("name", name);
        JsonBody.required("semantic", semantic);
        JsonBody.oneOf("semantic", semantic, SEMANTICS);
        JsonBody.required("type", type);
        JsonBody.oneOf("type", type, TYPES);
        Roles.validate("identityRoles", identityRoles);
        Roles.validate("serviceRoles", serviceRoles);
        return collection.create(name, List.of("name", "type", "semantic", "identity_roles", "service_roles",
                        "posture_check_roles", "tags"),
                List.of(name, type, semantic, JsonText.write(identityRoles), JsonText.write(serviceRoles),
                        JsonText.write(postureCheckRoles), JsonText.write(tags == null ? Map.of() : tags)));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    static Map<String, Object> detail(Row row) {
        String id = row.getString("id");
        Map<String, Object> d = Listing.base(row, "service-policies");
        @SuppressWarnings("unchecked")
        Map<String, Links.Link> links = (Map<String, Links.Link>) d.get("_links");
        for (String sub : new String[]{"identities", "services", "posture-checks"}) {
            links.put(sub, new Links.Link("./service-policies/" + id + "/" + sub));
        }
        d.put("name", row.getString("name"));
        d.put("type", row.getString("type"));
        d.put("semantic", row.getString("semantic"));
        for (String[] roles : new String[][]{{"identityRoles", "identity_roles"}, {"serviceRoles", "service_roles"},
                {"postureCheckRoles", "posture_check_roles"}}) {
            List<String> values = JsonText.strings(row.getString(roles[1]));
            d.put(roles[0], values);
            d.put(roles[0] + "Display", display(values));
        }
        return d;
    }

    /** {@code namedRole}s: the role as given, and its display name (the same text; ids are not resolved). */
    private static List<Map<String, String>> display(List<String> roles) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String role : roles) {
            Map<String, String> named = new LinkedHashMap<>();
            named.put("name", role);
            named.put("role", role);
            out.add(named);
        }
        return out;
    }
}
