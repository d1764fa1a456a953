package org.onboarding.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Every file a container will read must be mounted where it looks: the {@code %prod} file locations of the app's
 * application.properties (after the container's env overrides them) and every {@code *_LOCATION} env value. A
 * location must lie in a mounted Secret/ConfigMap volume (also projected ones) whose keys include the file name.
 * This is what a missing Secret mount looks like before the pod starts: health stays UP, the feature fails at
 * its first request (the ziti edge CA, audit gap 1).
 */
final class MountedFiles {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

    private MountedFiles() {
    }

    /**
     * The file-location properties the app reads in prod, from {@code <repo>/<app>/src/main/resources/
     * application.properties}: {@code %prod.*location} and unprofiled {@code *location} without a prod override.
     */
    static Map<String, String> prodLocations(Path applicationProperties) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + applicationProperties, e);
        }
        Map<String, String> locations = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.endsWith("location")) {
                continue;
            }
            if (key.startsWith("%prod.")) {
                locations.put(key.substring("%prod.".length()), properties.getProperty(key));
            } else if (!key.startsWith("%") && !properties.containsKey("%prod." + key)) {
                locations.put(key, properties.getProperty(key));
            }
        }
        return locations;
    }

    /**
     * Violations for every workload container: {@code prodLocationsByApp} maps a container name to its app's
     * {@link #prodLocations}; {@code keySources} are objects whose Secrets/ConfigMaps tell the keys when the render
     * itself has none (prod: its Secrets come from outside, the base placeholders name their keys).
     */
    static List<String> check(List<HasMetadata> objects, Map<String, Map<String, String>> prodLocationsByApp,
            List<HasMetadata> keySources) {
        List<String> violations = new ArrayList<>();
        objects.stream().map(PlatformRules::workload).flatMap(Optional::stream).forEach(w -> {
            Map<String, Volume> volumes = new HashMap<>();
            list(w.template().getSpec().getVolumes()).forEach(v -> volumes.put(v.getName(), v));
            for (Container c : w.template().getSpec().getContainers()) {
                String where = w.where() + " container " + c.getName();
                Map<String, String> env = environment(c, objects);
                Map<String, String> files = new LinkedHashMap<>();
                prodLocationsByApp.getOrDefault(c.getName(), Map.of())
                        .forEach((property, value) -> resolve(property, value, env)
                                .ifPresent(path -> files.put(path, property)));
                env.forEach((name, value) -> {
                    if (name.endsWith("_LOCATION") && value.startsWith("/")) {
                        files.putIfAbsent(value, name);
                    }
                });
                files.forEach((path, from) -> checkMounted(where, path, from, c, volumes, objects, keySources,
                        violations));
            }
        });
        return violations;
    }

    /** The env a container sees: ConfigMaps of envFrom (when in the render), then literal env values. */
    private static Map<String, String> environment(Container c, List<HasMetadata> objects) {
        Map<String, String> env = new HashMap<>();
        for (var from : list(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                find(objects, ConfigMap.class, from.getConfigMapRef().getName())
                        .ifPresent(cm -> env.putAll(map(cm.getData())));
            }
        }
        for (var e : list(c.getEnv())) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    /** The path the app will use: an env var named after the property wins, then ${VAR:default}, then the value. */
    static Optional<String> resolve(String property, String value, Map<String, String> env) {
        String envName = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String resolved = env.get(envName);
        if (resolved == null) {
            Matcher m = EXPRESSION.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            resolved = out.toString();
        }
        return resolved.startsWith("/") ? Optional.of(resolved) : Optional.empty();
    }

    private static void checkMounted(String where, String path, String from, Container c, Map<String, Volume> volumes,
            List<HasMetadata> objects, List<HasMetadata> keySources, List<String> violations) {
        VolumeMount mount = list(c.getVolumeMounts()).stream()
                .filter(m -> m.getSubPath() == null && path.startsWith(m.getMountPath().replaceAll("/$", "") + "/"))
                .max(java.util.Comparator.comparingInt(m -> m.getMountPath().length())).orElse(null);
        if (mount == null) {
            violations.add(where + ": reads " + path + " (" + from + ") but nothing is mounted there");
            return;
        }
        String file = path.substring(mount.getMountPath().replaceAll("/$", "").length() + 1);
        Volume volume = volumes.get(mount.getName());
        Optional<Set<String>> keys = volume == null ? Optional.empty() : keys(volume, objects, keySources);
        if (volume == null || keys.isEmpty()) {
            violations.add(where + ": reads " + path + " (" + from + ") from volume " + mount.getName()
                    + ", which is no Secret or ConfigMap with known keys");
        } else if (!keys.get().contains(file)) {
            violations.add(where + ": reads " + path + " (" + from + ") but volume " + mount.getName()
                    + " holds only " + new TreeSet<>(keys.get()));
        }
    }

    /** The file names a Secret/ConfigMap/projected volume shows, if all its sources are known. */
    private static Optional<Set<String>> keys(Volume v, List<HasMetadata> objects, List<HasMetadata> keySources) {
        Set<String> keys = new TreeSet<>();
        if (v.getSecret() != null) {
            return secretKeys(v.getSecret().getSecretName(), v.getSecret().getItems(), objects, keySources);
        }
        if (v.getConfigMap() != null) {
            return configMapKeys(v.getConfigMap().getName(), v.getConfigMap().getItems(), objects);
        }
        if (v.getProjected() != null) {
            for (var source : list(v.getProjected().getSources())) {
                Optional<Set<String>> part = source.getSecret() != null
                        ? secretKeys(source.getSecret().getName(), source.getSecret().getItems(), objects, keySources)
                        : source.getConfigMap() != null
                                ? configMapKeys(source.getConfigMap().getName(), source.getConfigMap().getItems(),
                                        objects)
                                : Optional.empty();
                if (part.isEmpty()) {
                    return Optional.empty();
                }
                keys.addAll(part.get());
            }
            return Optional.of(keys);
        }
        return Optional.empty();
    }

    private static Optional<Set<String>> secretKeys(String name, List<KeyToPath> items, List<HasMetadata> objects,
            List<HasMetadata> keySources) {
        if (items != null && !items.isEmpty()) {
            return Optional.of(paths(items));
        }
        Optional<Secret> secret = find(objects, Secret.class, name).or(() -> find(keySources, Secret.class, name));
        return secret.map(s -> {
            Set<String> keys = new TreeSet<>(map(s.getData()).keySet());
            keys.addAll(map(s.getStringData()).keySet());
            // a placeholder names its keys in an annotation (base: no values)
            String declared = map(s.getMetadata().getAnnotations()).get("onboarding.org/secret-keys");
            if (declared != null) {
                for (String key : declared.split(",")) {
                    keys.add(key.trim());
                }
            }
            return keys;
        });
    }

    private static Optional<Set<String>> configMapKeys(String name, List<KeyToPath> items, List<HasMetadata> objects) {
        if (items != null && !items.isEmpty()) {
            return Optional.of(paths(items));
        }
        return find(objects, ConfigMap.class, name).map(cm -> {
            Set<String> keys = new TreeSet<>(map(cm.getData()).keySet());
            keys.addAll(map(cm.getBinaryData()).keySet());
            return keys;
        });
    }

    private static Set<String> paths(List<KeyToPath> items) {
        Set<String> paths = new TreeSet<>();
        items.forEach(i -> paths.add(i.getPath() != null ? i.getPath() : i.getKey()));
        return paths;
    }

    private static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
