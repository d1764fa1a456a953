package org.onboarding.entitlement.flow;

import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Ordering of applications (dependency layers) and of modules inside one application (see README, Contract notes, Ordering). */
public final class Graphs {

    private Graphs() {
    }

    /** Layer 0: no participating dependencies; layer k: all participating dependencies in earlier layers. */
    public static List<List<ApplicationDescriptor>> applicationLayers(List<ApplicationDescriptor> apps) {
        Map<String, ApplicationDescriptor> byName = new HashMap<>();
        apps.forEach(a -> byName.put(a.name(), a));
        List<ApplicationDescriptor> remaining = new ArrayList<>(apps);
        Set<String> placed = new HashSet<>();
        List<List<ApplicationDescriptor>> layers = new ArrayList<>();
        while (!remaining.isEmpty()) {
            List<ApplicationDescriptor> layer = remaining.stream()
                    .filter(a -> a.dependencies().stream().allMatch(d -> !byName.containsKey(d.name()) || placed.contains(d.name())))
                    .toList();
            if (layer.isEmpty()) {
                throw ApiException.invalidArgument("No more independent applications can be found among the remaining ones: "
                        + remaining.stream().map(ApplicationDescriptor::id).toList());
            }
            layer.forEach(a -> placed.add(a.name()));
            remaining.removeAll(layer);
            layers.add(layer);
        }
        return layers;
    }

    /**
     * Backend modules by level: a module comes after the modules of the same application providing what it requires;
     * modules in a cycle share a level; ids sorted within a level.
     */
    public static List<List<String>> moduleLevels(ApplicationDescriptor app) {
        List<String> ids = app.modules().stream().map(ApplicationDescriptor.ModuleRef::id).toList();
        Map<String, Set<String>> needs = new HashMap<>();
        for (String id : ids) {
            Set<String> deps = new HashSet<>();
            app.descriptorOf(id).ifPresent(md -> {
                for (ApplicationDescriptor.Interface required : md.requires()) {
                    for (String other : ids) {
                        if (other.equals(id)) {
                            continue;
                        }
                        app.descriptorOf(other).ifPresent(od -> {
                            boolean provides = od.provides().stream().anyMatch(p -> p.id().equals(required.id())
                                    && ApplicationDescriptor.compatible(p.version(), required.version()));
                            if (provides) {
                                deps.add(other);
                            }
                        });
                    }
                }
            });
            needs.put(id, deps);
        }
        List<List<String>> levels = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> remaining = new TreeSet<>(ids);
        while (!remaining.isEmpty()) {
            TreeSet<String> level = new TreeSet<>();
            for (String id : remaining) {
                if (placed.containsAll(needs.get(id))) {
                    level.add(id);
                }
            }
            if (level.isEmpty()) {
                level.addAll(remaining); // a closed cycle: install together
            }
            placed.addAll(level);
            remaining.removeAll(level);
            levels.add(new ArrayList<>(level));
        }
        return levels;
    }
}
