package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The prod overlay's CloudNativePG objects against the operator's own CRDs (their {@code openAPIV3Schema}, read
 * from the reference copy outside this repository): what the API server would accept. Like the API server's strict
 * field validation ({@code kubectl apply}'s default), a field the schema does not declare is an error: every object
 * schema without {@code additionalProperties} or {@code x-kubernetes-preserve-unknown-fields} is closed.
 */
class CloudNativePgCrdTest {

    private static final Path CRDS = Path.of(System.getProperty("cnpg.crd.dir"));
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    @Test
    void theProdClustersAndScheduledBackupsMatchTheCloudNativePgCrds() throws IOException {
        List<JsonNode> objects = cnpgObjects(Files.readString(Kustomize.render("overlays/prod")));
        assertEquals(List.of("Cluster", "Cluster", "Cluster", "Cluster", "ScheduledBackup", "ScheduledBackup",
                "ScheduledBackup", "ScheduledBackup"), objects.stream().map(o -> o.path("kind").asText()).sorted()
                .toList());
        List<String> errors = new ArrayList<>();
        for (JsonNode object : objects) {
            errors.addAll(validate(object));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aMisspelledFieldIsReported() throws IOException {
        JsonNode cluster = firstCluster();
        ((ObjectNode) cluster.path("spec")).set("instaces", cluster.path("spec").path("instances"));
        ((ObjectNode) cluster.path("spec").path("bootstrap").path("initdb")).put("ownr", "ziti");
        List<String> errors = validate(cluster);
        assertTrue(errors.stream().anyMatch(e -> e.contains("instaces")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("ownr")), errors::toString);
    }

    @Test
    void aWrongTypeAMissingRequiredFieldAndAnUnknownEnumValueAreReported() throws IOException {
        JsonNode cluster = firstCluster();
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        List<String> errors = validate(cluster);
        assertTrue(errors.stream().anyMatch(e -> e.contains("$.spec.instances") && e.contains("integer")),
                errors::toString);

        JsonNode backup = cnpgObjects(Files.readString(Kustomize.render("overlays/prod"))).stream()
                .filter(o -> o.path("kind").asText().equals("ScheduledBackup")).findFirst().orElseThrow();
        ((ObjectNode) backup.path("spec")).remove("schedule");
        ((ObjectNode) backup.path("spec")).put("method", "barmanObjectstore");
        List<String> backupErrors = validate(backup);
        assertTrue(backupErrors.stream().anyMatch(e -> e.contains("schedule")), backupErrors::toString);
        assertTrue(backupErrors.stream().anyMatch(e -> e.contains("$.spec.method")), backupErrors::toString);
    }

    private static JsonNode firstCluster() throws IOException {
        return cnpgObjects(Files.readString(Kustomize.render("overlays/prod"))).stream()
                .filter(o -> o.path("kind").asText().equals("Cluster")).findFirst().orElseThrow();
    }

    private static List<JsonNode> cnpgObjects(String yaml) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = (JsonNode) docs.next();
                if (doc != null && doc.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                    found.add(doc);
                }
            }
        }
        return found;
    }

    /** One line per finding: "<kind> <name>: <message>". */
    private static List<String> validate(JsonNode object) {
        String kind = object.path("kind").asText();
        String version = object.path("apiVersion").asText().substring("postgresql.cnpg.io/".length());
        JsonSchema schema = SCHEMAS.computeIfAbsent(kind + "/" + version, k -> schema(kind, version));
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            errors.add(kind + " " + object.path("metadata").path("name").asText() + ": " + message.getMessage());
        }
        return errors.stream().sorted().toList();
    }

    private static JsonSchema schema(String kind, String version) {
        Path file = CRDS.resolve("postgresql.cnpg.io_" + kind.toLowerCase(java.util.Locale.ROOT) + "s.yaml");
        try {
            JsonNode crd = YAML.readTree(file.toFile());
            assertEquals(kind, crd.path("spec").path("names").path("kind").asText(), file.toString());
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    JsonNode openApi = v.path("schema").path("openAPIV3Schema").deepCopy();
                    close(openApi);
                    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        throw new AssertionError(file + " has no version " + version + " of " + kind);
    }

    /**
     * Strict field validation: an object schema that lists its properties accepts no others, unless it says so
     * ({@code additionalProperties}, {@code x-kubernetes-preserve-unknown-fields}). The embedded
     * {@code metadata} is the API server's, not the CRD's: left open.
     */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(e -> {
                if (!e.getKey().equals("metadata") || !e.getValue().has("properties")) {
                    close(e.getValue());
                }
            });
        } else if (node != null && node.isArray()) {
            node.forEach(CloudNativePgCrdTest::close);
        }
    }
}
