package org.onboarding.ziti.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The upstream Edge Management spec (Swagger 2.0, read from {@code ../shared}, never copied) as a response validator.
 * Swagger 2.0 schemas are JSON Schema draft 4 plus a few extensions, so the definitions are checked with a draft-4
 * validator after the adjustments the contract prescribes (README, Conformance with the upstream spec):
 * <ul>
 *   <li>{@code x-nullable: true} admits {@code null} (go-swagger's meaning);</li>
 *   <li>{@code enrollmentDetail} no longer requires {@code details}, which the spec never defines and upstream
 *       never emits;</li>
 *   <li>{@code apiSessionDetail} requires {@code cachedLastActivityAt} (what it defines and upstream emits) in place
 *       of {@code cachedUpdatedAt} (required, but defined nowhere);</li>
 *   <li>{@code link.href} is a URI reference (upstream writes relative {@code ./enrollments/..});</li>
 *   <li>tag values are any scalar, as the {@code tags} description says (the schema says object).</li>
 * </ul>
 * Everything else, formats included ({@code date-time}), is asserted as written.
 */
public final class UpstreamSpec {

    public static final Path LOCATION = Path.of(System.getProperty("ziti.management.spec",
            "../../shared/reference/ziti/edge-api/management.yml"));

    /**
     * Error statuses upstream returns (and the contract requires) that the spec does not declare for the operation:
     * checked against {@code apiErrorEnvelope}, the schema of every error the spec does declare.
     */
    private static final Set<String> UNDECLARED_ERRORS = Set.of(
            "refreshEnrollment 404", // upstream answers an unknown id with 404 NOT_FOUND
            "verifyCa 409", // upstream's CA_ALREADY_VERIFIED
            "enrollCa 409", "enrollOttCa 409"); // upstream's CERT_IN_USE

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, UpstreamSpec> INSTANCES = new ConcurrentHashMap<>();

    private final String basePath;
    private final ObjectNode definitions;
    private final List<PathTemplate> paths;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private UpstreamSpec(JsonNode spec) {
        this.basePath = spec.path("basePath").asText();
        this.definitions = (ObjectNode) spec.get("definitions");
        adjust(definitions);
        List<PathTemplate> templates = new ArrayList<>();
        spec.get("paths").fields().forEachRemaining(e -> {
            // a few operations have no operationId (e.g. the client's DELETE /current-api-session): name them
            e.getValue().fields().forEachRemaining(op -> {
                if (op.getValue().isObject() && op.getValue().has("responses") && !op.getValue().has("operationId")) {
                    ((ObjectNode) op.getValue()).put("operationId", op.getKey() + " " + e.getKey());
                }
            });
            templates.add(new PathTemplate(e.getKey(), e.getValue()));
        });
        // literal segments win over parameters: /identities/roles before /identities/{id}
        templates.sort(Comparator.comparingLong(PathTemplate::parameterCount));
        this.paths = List.copyOf(templates);
    }

    /** The Edge Management API spec. */
    public static UpstreamSpec load() {
        return load(LOCATION);
    }

    /** The Edge Client API spec ({@code client.yml} beside the management one). */
    public static UpstreamSpec loadClient() {
        return load(LOCATION.resolveSibling("client.yml"));
    }

    private static UpstreamSpec load(Path location) {
        return INSTANCES.computeIfAbsent(location, path -> {
            try {
                return new UpstreamSpec(new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the upstream spec at " + path.toAbsolutePath(), e);
            }
        });
    }

    /** The operation the spec declares for this method and request path (absolute, including the base path). */
    public String operationId(String method, String requestPath) {
        if (!requestPath.startsWith(basePath)) {
            throw new IllegalArgumentException(requestPath + " is not under " + basePath);
        }
        String relative = requestPath.substring(basePath.length());
        for (PathTemplate template : paths) {
            if (template.pattern.matcher(relative).matches()) {
                JsonNode operation = template.item.get(method.toLowerCase());
                if (operation == null) {
                    throw new IllegalArgumentException("the spec has no " + method + " on " + template.template);
                }
                return operation.get("operationId").asText();
            }
        }
        throw new IllegalArgumentException("the spec has no path matching " + requestPath);
    }

    /**
     * Violations of the response schema the spec gives for this operation and status; empty when the body conforms.
     * A status the operation does not declare is itself a violation.
     */
    public List<String> violations(String operationId, int status, String body) {
        JsonSchema schema;
        try {
            schema = schemas.computeIfAbsent(operationId + " " + status, k -> schemaFor(operationId, status));
        } catch (IllegalArgumentException undeclared) {
            return List.of(undeclared.getMessage());
        }
        JsonNode document;
        if (status < 300 && producesText(operationId)) {
            // a text response (getCaJwt: application/jwt) is the string its schema describes
            document = JsonNodeFactory.instance.textNode(body);
        } else {
            try {
                document = JSON.readTree(body);
            } catch (IOException e) {
                return List.of("body is not JSON: " + e.getMessage());
            }
        }
        if (document == null || document.isMissingNode()) {
            return List.of("body is empty");
        }
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    private JsonSchema schemaFor(String operationId, int status) {
        JsonNode operation = operation(operationId);
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode() && UNDECLARED_ERRORS.contains(operationId + " " + status)) {
            response = JsonNodeFactory.instance.objectNode().set("schema",
                    JsonNodeFactory.instance.objectNode().put("$ref", "#/definitions/apiErrorEnvelope"));
        }
        if (response.isMissingNode()) {
            throw new IllegalArgumentException(operationId + " declares no " + status + " response (declared: "
                    + fieldNames(operation.path("responses")) + ")");
        }
        JsonNode responseSchema = response.get("schema");
        if (responseSchema == null) {
            throw new IllegalArgumentException(operationId + " " + status + " declares no body schema");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("definitions", definitions);
        root.putArray("allOf").add(responseSchema.deepCopy());
        return factory.getSchema(root, config);
    }

    /** Whether the operation declares {@code produces} without JSON, e.g. {@code application/jwt}. */
    private boolean producesText(String operationId) {
        JsonNode produces = operation(operationId).path("produces");
        if (!produces.isArray() || produces.isEmpty()) {
            return false;
        }
        for (JsonNode type : produces) {
            if (type.asText().contains("json")) {
                return false;
            }
        }
        return true;
    }

    private JsonNode operation(String operationId) {
        for (PathTemplate template : paths) {
            Iterator<JsonNode> operations = template.item.elements();
            while (operations.hasNext()) {
                JsonNode operation = operations.next();
                if (operationId.equals(operation.path("operationId").asText(null))) {
                    return operation;
                }
            }
        }
        throw new IllegalArgumentException("the spec has no operation " + operationId);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- the adjustments listed in the class comment ----

    private static void adjust(ObjectNode definitions) {
        definitions.fields().forEachRemaining(e -> definitions.set(e.getKey(), nullable(e.getValue())));
        // the spec requires a property it never defines; upstream emits (and defines) cachedLastActivityAt
        renameRequired(definitions.at("/apiSessionDetail/allOf/1/required"), "cachedUpdatedAt", "cachedLastActivityAt");
        renameRequired(definitions.at("/enrollmentDetail/allOf/1/required"), "details", null);
        if (definitions.at("/link/properties/href").isObject()) {
            ((ObjectNode) definitions.at("/link/properties/href")).put("format", "uri-reference");
        }
        if (definitions.at("/subTags/additionalProperties").isObject()) {
            ObjectNode tagValue = (ObjectNode) definitions.at("/subTags/additionalProperties");
            tagValue.removeAll();
            tagValue.putArray("type").add("string").add("boolean").add("number").add("null");
        }
    }

    /** Replaces (or, with a null replacement, drops) one name in a {@code required} list, if the list is there. */
    private static void renameRequired(JsonNode required, String name, String replacement) {
        if (!required.isArray()) {
            return;
        }
        ArrayNode names = (ArrayNode) required;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (name.equals(names.get(i).asText())) {
                if (replacement == null) {
                    names.remove(i);
                } else {
                    names.set(i, JsonNodeFactory.instance.textNode(replacement));
                }
            }
        }
    }

    /** Rewrites go-swagger's {@code x-nullable} into draft 4 and drops the other Swagger-only keywords. */
    private static JsonNode nullable(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, nullable(array.get(i)));
            }
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        // "properties" maps names to schemas and "enum" lists values: never treat their keys as keywords
        List<String> names = fieldNames(object);
        for (String name : names) {
            JsonNode child = object.get(name);
            if (name.startsWith("x-") && !"x-nullable".equals(name) || "example".equals(name)
                    || "discriminator".equals(name) || "readOnly".equals(name)) {
                object.remove(name);
            } else if ("properties".equals(name) || "patternProperties".equals(name) || "definitions".equals(name)) {
                ObjectNode map = (ObjectNode) child;
                fieldNames(map).forEach(key -> map.set(key, nullable(map.get(key))));
            } else if (!"enum".equals(name) && !"required".equals(name) && !"default".equals(name)) {
                object.set(name, nullable(child));
            }
        }
        if (!object.path("x-nullable").asBoolean(false)) {
            object.remove("x-nullable");
            return object;
        }
        object.remove("x-nullable");
        JsonNode type = object.get("type");
        if (type != null && type.isTextual() && !object.has("enum")) {
            object.putArray("type").add(type.asText()).add("null");
            return object;
        }
        ObjectNode either = JsonNodeFactory.instance.objectNode();
        ArrayNode anyOf = either.putArray("anyOf");
        anyOf.addObject().put("type", "null");
        anyOf.add(object);
        return either;
    }

    private record PathTemplate(String template, JsonNode item, Pattern pattern) {
        PathTemplate(String template, JsonNode item) {
            this(template, item, Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+").replace(".", "\\.")));
        }

        long parameterCount() {
            return template.chars().filter(c -> c == '{').count();
        }
    }

    /**
     * Every recorded management response that violates this spec, one paragraph each (empty when all conform).
     */
    public String report(List<RecordingHttpClient.Exchange> exchanges) {
        StringBuilder failures = new StringBuilder();
        for (RecordingHttpClient.Exchange exchange : exchanges) {
            String operationId = operationId(exchange.method(), exchange.path());
            List<String> violations = violations(operationId, exchange.status(), exchange.body());
            if (!violations.isEmpty()) {
                failures.append(exchange.method()).append(' ').append(exchange.path()).append(" -> ")
                        .append(exchange.status()).append(" (").append(operationId).append("): ").append(violations)
                        .append("\n  body: ").append(excerpt(exchange.body())).append('\n');
            }
        }
        return failures.toString();
    }

    /** For messages: the first few lines of a body. */
    public static String excerpt(String body) {
        return Optional.ofNullable(body).map(b -> b.length() > 2000 ? b.substring(0, 2000) + "..." : b).orElse("<none>");
    }
}
