package org.onboarding.entitlement.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of an application descriptor that drive entitlement; {@code json} keeps the whole. */
public record ApplicationDescriptor(String id, String name, String version, List<Dependency> dependencies,
                                    List<ModuleRef> modules, List<ModuleDescriptor> moduleDescriptors, JsonNode json) {

    public record Dependency(String name, String version, boolean optional) {
    }

    public record ModuleRef(String id, String name, String version) {
    }

    /** A provided or required interface; {@code handlerPaths} are the paths (or path patterns) of its handlers. */
    public record Interface(String id, String version, String interfaceType, List<String> handlerPaths) {

        /** {@code _tenant} 1.x: the legacy tenant API (disable and purge by their own calls). */
        public boolean legacyTenantApi() {
            return version != null && version.startsWith("1.");
        }

        public boolean handles(String path) {
            return handlerPaths.contains(path);
        }
    }

    public record ModuleDescriptor(String id, List<Interface> requires, List<Interface> provides) {

        public Optional<Interface> tenantInterface() {
            return provides.stream().filter(i -> "_tenant".equals(i.id())).findFirst();
        }
    }

    public static ApplicationDescriptor from(JsonNode json) {
        List<Dependency> dependencies = new ArrayList<>();
        json.path("dependencies").forEach(d -> dependencies.add(new Dependency(d.path("name").asText(), d.path("version").asText(),
                d.path("optional").asBoolean(false))));
        List<ModuleRef> modules = new ArrayList<>();
        json.path("modules").forEach(m -> modules.add(new ModuleRef(m.path("id").asText(), m.path("name").asText(null),
                m.path("version").asText(null))));
        List<ModuleDescriptor> descriptors = new ArrayList<>();
        json.path("moduleDescriptors").forEach(d -> descriptors.add(new ModuleDescriptor(d.path("id").asText(),
                interfaces(d.path("requires")), interfaces(d.path("provides")))));
        return new ApplicationDescriptor(json.path("id").asText(), json.path("name").asText(), json.path("version").asText(),
                dependencies, modules, descriptors, json);
    }

    private static List<Interface> interfaces(JsonNode array) {
        List<Interface> result = new ArrayList<>();
        array.forEach(i -> {
            List<String> paths = new ArrayList<>();
            i.path("handlers").forEach(h -> paths.add(h.path("path").asText(h.path("pathPattern").asText(""))));
            result.add(new Interface(i.path("id").asText(), i.path("version").asText(), i.path("interfaceType").asText(null),
                    paths));
        });
        return result;
    }

    public Optional<ModuleDescriptor> descriptorOf(String moduleId) {
        return moduleDescriptors.stream().filter(d -> d.id().equals(moduleId)).findFirst();
    }

    /** Okapi's rule: same major, and provided (minor, patch) at least the required one; alternatives split by space. */
    public static boolean compatible(String provided, String required) {
        for (String alternative : required.trim().split("\\s+")) {
            int[] p = numbers(provided);
            int[] r = numbers(alternative);
            if (p != null && r != null && p[0] == r[0] && (p[1] > r[1] || (p[1] == r[1] && p[2] >= r[2]))) {
                return true;
            }
        }
        return false;
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts.length == 3 ? Integer.parseInt(parts[2]) : 0};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
