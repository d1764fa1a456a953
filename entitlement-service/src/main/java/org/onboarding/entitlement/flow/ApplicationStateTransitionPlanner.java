package org.onboarding.entitlement.flow;

import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.registry.Semver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired state versus current entitlements, indexed by application name: what to entitle, upgrade
 * (any version difference; a lower one is refused later) and revoke. Same id on both sides is a no-op.
 */
public final class ApplicationStateTransitionPlanner {

    private ApplicationStateTransitionPlanner() {
    }

    /** {@code upgrade} maps each new application id to the entitled id it replaces. */
    public record Plan(List<String> entitle, Map<String, String> upgrade, List<String> revoke) {

        public boolean isEmpty() {
            return entitle.isEmpty() && upgrade.isEmpty() && revoke.isEmpty();
        }
    }

    public static Plan plan(Collection<String> desired, Collection<String> entitled) {
        Map<String, String> desiredByName = byName(desired);
        Map<String, String> entitledByName = byName(entitled);
        List<String> entitle = new ArrayList<>();
        Map<String, String> upgrade = new LinkedHashMap<>();
        desiredByName.forEach((name, id) -> {
            String current = entitledByName.get(name);
            if (current == null) {
                entitle.add(id);
            } else if (!current.equals(id)) {
                upgrade.put(id, current);
            }
        });
        List<String> revoke = entitledByName.entrySet().stream()
                .filter(e -> !desiredByName.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        return new Plan(entitle, upgrade, revoke);
    }

    private static Map<String, String> byName(Collection<String> ids) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String id : ids) {
            String name = Semver.parseId(id).name();
            if (result.put(name, id) != null) {
                throw ApiException.invalidArgument("Duplicate application name in desired state: " + name);
            }
        }
        return result;
    }
}
