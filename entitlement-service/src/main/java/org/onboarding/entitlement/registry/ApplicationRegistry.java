package org.onboarding.entitlement.registry;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.common.PgErrors;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.cql.CqlSql;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The self-contained application registry and module discovery, in this service's database. */
@ApplicationScoped
@RequiredArgsConstructor
public class ApplicationRegistry {

    static final Map<String, CqlSql.Field> FIELDS = Map.of(
            "id", new CqlSql.Field("id", CqlSql.Type.STRING),
            "name", new CqlSql.Field("name", CqlSql.Type.STRING),
            "version", new CqlSql.Field("version", CqlSql.Type.STRING));

    private final Pool pool;
    private final ObjectMapper mapper;

    private static final ListQuery LIST = new ListQuery(null, "application", "descriptor::text", FIELDS, java.util.Set.of(), "id ASC", null);

    /** Validates id = name-version (semver) and stores the descriptor; an existing id is a conflict. */
    public Uni<JsonNode> register(ObjectNode descriptor) {
        List<ErrorParam> missing = new ArrayList<>();
        wrongTypes(descriptor, missing);
        if (!missing.isEmpty()) {
            throw ApiException.requestValidation("Invalid application descriptor",
                    missing.stream().map(p -> ApiException.param(p.key, p.value)).toList());
        }
        String name = descriptor.path("name").asText(null);
        String version = descriptor.path("version").asText(null);
        if (name == null || name.isBlank()) missing.add(new ErrorParam("name", "must not be null"));
        if (version == null || version.isBlank()) missing.add(new ErrorParam("version", "must not be null"));
        if (!missing.isEmpty()) {
            throw ApiException.requestValidation("Invalid application descriptor",
                    missing.stream().map(p -> ApiException.param(p.key, p.value)).toList());
        }
        // the columns' sizes (V2): refused here so that nothing oversized reaches an INSERT
        tooLong(missing, "name", name, MAX_NAME);
        tooLong(missing, "version", version, MAX_VERSION);
        tooLong(missing, "id", name + "-" + version, MAX_NAME);
        for (JsonNode module : descriptor.path("modules")) {
            String moduleId = module.path("id").asText("");
            tooLong(missing, "modules.id", moduleId, MAX_NAME);
            if (moduleId.length() <= MAX_NAME && Semver.parseId(moduleId).version().length() > MAX_VERSION) {
                missing.add(new ErrorParam("modules.id", "version size must be between 1 and " + MAX_VERSION));
            }
        }
        for (JsonNode dependency : descriptor.path("dependencies")) {
            tooLong(missing, "dependencies.name", dependency.path("name").asText(""), MAX_NAME);
            tooLong(missing, "dependencies.version", dependency.path("version").asText(""), MAX_NAME);
        }
        if (!missing.isEmpty()) {
            throw ApiException.requestValidation("Invalid application descriptor",
                    missing.stream().map(p -> ApiException.param(p.key, p.value)).toList());
        }
        String id = name + "-" + version;
        Semver.parseId(id);
        if (descriptor.hasNonNull("id") && !descriptor.get("id").asText().equals(id)) {
            throw ApiException.requestValidation("Application descriptor id must be equal to name-version",
                    List.of(ApiException.param("id", descriptor.get("id").asText())));
        }
        descriptor.put("id", id);
        for (JsonNode module : descriptor.path("modules")) {
            String moduleId = module.path("id").asText(null);
            Semver.parseId(moduleId);
        }
        return pool.preparedQuery("INSERT INTO application (id, name, version, descriptor) VALUES ($1, $2, $3, $4)")
                // a JsonObject, not a String: the PG client would store a String as a JSON string scalar
                .execute(Tuple.of(id, name, version, new io.vertx.core.json.JsonObject(write(descriptor))))
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? ApiException.exists("Application descriptor already exists: " + id) : e)
                .replaceWith(descriptor);
    }

    private record ErrorParam(String key, String value) {
    }

    /** The shape the flow engine reads: wrong JSON types are refused, not stored. */
    private static void wrongTypes(ObjectNode descriptor, List<ErrorParam> errors) {
        for (String field : List.of("id", "name", "version", "description")) {
            JsonNode value = descriptor.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add(new ErrorParam(field, "must be a string"));
            }
        }
        Map<String, List<String>> arrays = Map.of("modules", List.of("id", "name", "version"), "uiModules", List.of("id", "name", "version"),
                "moduleDescriptors", List.of("id"), "uiModuleDescriptors", List.of("id"), "dependencies", List.of("name", "version"));
        arrays.forEach((field, texts) -> {
            JsonNode value = descriptor.get(field);
            if (value == null || value.isNull()) {
                return;
            }
            if (!value.isArray()) {
                errors.add(new ErrorParam(field, "must be an array"));
                return;
            }
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    errors.add(new ErrorParam(field, "must be an array of objects"));
                    return;
                }
                for (String text : texts) {
                    JsonNode t = item.get(text);
                    if (t != null && !t.isNull() && !t.isTextual()) {
                        errors.add(new ErrorParam(field + "." + text, "must be a string"));
                        return;
                    }
                }
            }
        });
        for (String field : List.of("requires", "provides")) {
            for (JsonNode md : descriptor.path("moduleDescriptors")) {
                JsonNode value = md.get(field);
                if (value != null && !value.isNull() && !value.isArray()) {
                    errors.add(new ErrorParam("moduleDescriptors." + field, "must be an array"));
                }
            }
        }
        errors.sort(java.util.Comparator.comparing(ErrorParam::key));
    }

    /** Column sizes of names/ids and versions (V2__registry_flows_entitlements.sql). */
    public static final int MAX_NAME = 255;
    public static final int MAX_VERSION = 64;

    private static void tooLong(List<ErrorParam> errors, String key, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new ErrorParam(key, "size must be between 1 and " + max));
        }
    }

    public Uni<JsonNode> get(String id, boolean full) {
        return pool.preparedQuery("SELECT descriptor::text FROM application WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Application descriptor is not found: " + id);
                    }
                    return view(read(rows.iterator().next().getString(0)), full);
                });
    }

    public Uni<ListQuery.Page<JsonNode>> find(String query, boolean full, int limit, int offset) {
        return LIST.find(pool, query, null, limit, offset, r -> view(read(r.getString(0)), full));
    }

    /** Full descriptors for the given ids; any id missing is a validation error. */
    public Uni<List<ApplicationDescriptor>> loadAll(Collection<String> ids) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        return pool.preparedQuery("SELECT descriptor::text FROM application WHERE id = ANY($1) ORDER BY id")
                .execute(Tuple.of(sorted.toArray(new String[0])))
                .map(rows -> {
                    List<ApplicationDescriptor> found = new ArrayList<>();
                    rows.forEach(r -> found.add(ApplicationDescriptor.from(read(r.getString(0)))));
                    if (found.size() != sorted.size()) {
                        List<String> missing = new ArrayList<>(sorted);
                        found.forEach(d -> missing.remove(d.id()));
                        throw ApiException.requestValidation("Applications not found by the given ids",
                                List.of(ApiException.param("applicationIds", String.join(", ", missing))));
                    }
                    return found;
                });
    }

    /** Full descriptors of those ids that are registered; unknown ids are skipped. */
    public Uni<List<ApplicationDescriptor>> loadFound(Collection<String> ids) {
        return pool.preparedQuery("SELECT descriptor::text FROM application WHERE id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ids.toArray(new String[0])))
                .map(rows -> {
                    List<ApplicationDescriptor> found = new ArrayList<>();
                    rows.forEach(r -> found.add(ApplicationDescriptor.from(read(r.getString(0)))));
                    return found;
                });
    }

    /**
     * Deletes a descriptor no tenant depends on. The database decides (RESTRICT foreign keys from entitlements, their
     * modules and dependencies); a refused delete names the tenants the application is entitled for.
     */
    public Uni<Void> delete(String id) {
        return PgErrors.restrictedDelete(pool, "DELETE FROM application WHERE id = $1", DEPENDENT_TENANTS, id,
                () -> ApiException.notFound("Application descriptor is not found: " + id),
                tenants -> ApiException.requestValidation("Application cannot be deleted while it is entitled for tenants: " + tenants,
                        List.of(ApiException.param("applicationId", id), ApiException.param("tenants", String.join(", ", tenants)))));
    }

    private static final String DEPENDENT_TENANTS = "SELECT name FROM tenant WHERE id IN ("
            + "SELECT tenant_id FROM entitlement WHERE application_id = $1 "
            + "UNION SELECT tenant_id FROM entitlement_module WHERE application_id = $1 "
            + "UNION SELECT tenant_id FROM application_dependency WHERE application_id = $1) ORDER BY name";

    // ---- module discovery ----

    public record Discovery(String id, String name, String version, String location) {
    }

    public Uni<List<Discovery>> saveDiscovery(List<Discovery> discoveries) {
        List<Tuple> batch = discoveries.stream()
                .map(d -> {
                    Semver.Id parsed = Semver.parseId(d.id());
                    if (parsed.version().length() > MAX_VERSION) {
                        throw ApiException.requestValidation("Invalid module discovery",
                                List.of(ApiException.param("discovery.id", "version size must be between 1 and " + MAX_VERSION)));
                    }
                    return Tuple.of(d.id(), parsed.name(), parsed.version(), d.location());
                }).toList();
        return pool.preparedQuery("INSERT INTO module_discovery (module_id, name, version, location) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (module_id) DO UPDATE SET location = EXCLUDED.location")
                .executeBatch(batch)
                .map(ignored -> discoveries.stream().map(d -> {
                    Semver.Id parsed = Semver.parseId(d.id());
                    return new Discovery(d.id(), parsed.name(), parsed.version(), d.location());
                }).toList());
    }

    public Uni<List<Discovery>> discoveries(Collection<String> moduleIds) {
        return pool.preparedQuery("SELECT module_id, name, version, location FROM module_discovery WHERE module_id = ANY($1) ORDER BY module_id")
                .execute(Tuple.of(moduleIds.toArray(new String[0])))
                .map(rows -> {
                    List<Discovery> list = new ArrayList<>();
                    rows.forEach(r -> list.add(discovery(r)));
                    return list;
                });
    }

    public Uni<List<Discovery>> allDiscoveries(int limit, int offset) {
        return pool.preparedQuery("SELECT module_id, name, version, location FROM module_discovery ORDER BY module_id LIMIT $1 OFFSET $2")
                .execute(Tuple.of(limit, offset))
                .map(rows -> {
                    List<Discovery> list = new ArrayList<>();
                    rows.forEach(r -> list.add(discovery(r)));
                    return list;
                });
    }

    public Uni<Long> countDiscoveries() {
        return pool.query("SELECT count(*) FROM module_discovery").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> deleteDiscovery(String moduleId) {
        return pool.preparedQuery("DELETE FROM module_discovery WHERE module_id = $1").execute(Tuple.of(moduleId)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ApiException.notFound("Module discovery is not found: " + moduleId);
            }
            return null;
        });
    }

    private static Discovery discovery(Row r) {
        return new Discovery(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
    }

    private JsonNode view(JsonNode descriptor, boolean full) {
        if (!full && descriptor instanceof ObjectNode object) {
            object.remove("moduleDescriptors");
            object.remove("uiModuleDescriptors");
        }
        return descriptor;
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(JsonNode json) {
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
