package org.onboarding.ziti.servicepolicy;

import org.onboarding.ziti.api.ApiException;

import java.util.List;

/**
 * Upstream's role matching: {@code #all} matches every entity, {@code #attr} an entity holding that role attribute,
 * {@code @x} the entity whose id (or name) is x. {@code AnyOf}: one role suffices; {@code AllOf}: every role must match.
 */
public final class Roles {

    private Roles() {
    }

    public static boolean matches(List<String> roles, String semantic, String id, String name, List<String> attributes) {
        if (roles.isEmpty()) {
            return false;
        }
        boolean all = "AllOf".equals(semantic);
        for (String role : roles) {
            boolean m = matchesOne(role, id, name, attributes);
            if (all && !m) {
                return false;
            }
            if (!all && m) {
                return true;
            }
        }
        return all;
    }

    private static boolean matchesOne(String role, String id, String name, List<String> attributes) {
        if ("#all".equals(role)) {
            return true;
        }
        if (role.startsWith("#")) {
            return attributes.contains(role.substring(1));
        }
        if (role.startsWith("@")) {
            String ref = role.substring(1);
            return ref.equals(id) || ref.equals(name);
        }
        return false;
    }

    /** Roles must be {@code #attribute} or {@code @id}; anything else is refused as upstream's INVALID_FIELD. */
    public static void validate(String field, List<String> roles) {
        for (String role : roles) {
            if (role == null || role.length() < 2 || !(role.startsWith("#") || role.startsWith("@"))) {
                throw ApiException.invalidField(field, "role must start with # (attribute) or @ (id)", role);
            }
        }
    }
}
