package org.onboarding.k8s;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Rendered manifests as fabric8 typed models, and the strict check the JSON schemas cannot do: the schemas allow
 * unknown properties, so a misspelled optional field ({@code readinesProbe}) passes them silently. fabric8 keeps
 * every property it does not know (and every value of the wrong type) in {@code additionalProperties}; any
 * non-empty one, anywhere in the object tree, is a finding.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    /**
     * Custom resources the platform uses, kept as generic objects: fabric8 has no model for them, and their schemas
     * are the operator's CRDs (checked against CloudNativePG's own CRDs in the upstream-spec profile,
     * src/spec-test). Any other unknown kind is a finding.
     */
    static final java.util.Set<String> CUSTOM_RESOURCES = java.util.Set.of("postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup");

    /** The typed objects of one render, and what the strict check found. */
    record Parsed(List<HasMetadata> objects, List<String> unknownFields) {
    }

    private Manifests() {
    }

    static Parsed parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            String apiVersion = doc.path("apiVersion").asText("");
            String kind = doc.path("kind").asText("");
            String where = apiVersion + "/" + kind + " " + doc.path("metadata").path("name").asText("<no name>");
            if (CUSTOM_RESOURCES.contains(apiVersion + "/" + kind)) {
                objects.add(SERIALIZATION.unmarshal(doc.toString(), GenericKubernetesResource.class));
                continue;
            }
            if (SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind) == null) {
                findings.add(where + ": not a Kubernetes API kind the fabric8 models know (a CRD or a typo)");
                continue;
            }
            KubernetesResource resource;
            try {
                resource = SERIALIZATION.unmarshal(doc.toString(), KubernetesResource.class);
            } catch (RuntimeException e) {
                findings.add(where + ": does not deserialize: " + rootMessage(e));
                continue;
            }
            if (!(resource instanceof HasMetadata object) || resource instanceof GenericKubernetesResource) {
                findings.add(where + ": not a typed Kubernetes object");
                continue;
            }
            List<String> unknown = new ArrayList<>();
            walk(object, "", unknown);
            unknown.forEach(path -> findings.add(where + ": unknown field or wrong type at " + path));
            objects.add(object);
        }
        return new Parsed(objects, findings);
    }

    /** fabric8 wraps Jackson's error (which names the field) in a generic one. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.toString() : message.replace('\n', ' ');
    }

    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** Every non-empty additionalProperties under {@code value}, as paths like {@code spec.template...readinesProbe}. */
    private static void walk(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getReturnType().isPrimitive() || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") || name.length() == 3) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            if (name.equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path + ".") + key));
                }
            } else {
                walk(child, path.isEmpty() ? property : path + "." + property, found);
            }
        }
    }
}
