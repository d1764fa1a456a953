package org.onboarding.ziti.identity;

import lombok.Getter;
import org.onboarding.ziti.api.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity fields shared by {@code identityCreate}, {@code identityUpdate} and {@code identityPatch}, read the
 * go-swagger way: every field is unmarshalled first (wrong JSON types give {@code COULD_NOT_PARSE_BODY}), then
 * validated in alphabetical field order ({@code COULD_NOT_VALIDATE} naming the first failing field).
 * <p>
 * The accessors give the value a field takes when the body leaves it out or sends {@code null}: for PUT an absent
 * optional field is reset, and a PATCH that sends {@code null} resets the field the same way.
 */
public final class IdentityFields {

    public static final List<String> TYPES = List.of("User", "Device", "Service", "Router", "Default");
    public static final List<String> PRECEDENCES = List.of("default", "required", "failed");
    /** {@code terminatorCost}: minimum 0, maximum 65535. */
    public static final long MAX_COST = 65535;
    /** The spec's {@code permissions} enum: admin_readonly, then each entity and its actions (ops has no create). */
    public static final List<String> PERMISSIONS = allPermissions();

    private final JsonBody body;
    private final Map<String, Object> appData;
    private final String authPolicyId;
    private final Long defaultHostingCost;
    private final String defaultHostingPrecedence;
    @Getter
    private final String externalId;
    private final Boolean isAdmin;
    @Getter
    private final String name;
    private final List<String> permissions;
    private final List<String> roleAttributes;
    private final Map<String, Long> serviceHostingCosts;
    private final Map<String, String> serviceHostingPrecedences;
    private final Map<String, Object> tags;
    @Getter
    private final String type;

    private IdentityFields(JsonBody body) {
        this.body = body;
        this.appData = body.tags("appData");
        this.authPolicyId = body.string("authPolicyId");
        this.defaultHostingCost = body.int64("defaultHostingCost");
        this.defaultHostingPrecedence = body.string("defaultHostingPrecedence");
        this.externalId = body.string("externalId");
        this.isAdmin = body.bool("isAdmin");
        this.name = body.string("name");
        this.permissions = body.strings("permissions");
        this.roleAttributes = body.strings("roleAttributes");
        this.serviceHostingCosts = body.int64Map("serviceHostingCosts");
        this.serviceHostingPrecedences = body.stringMap("serviceHostingPrecedences");
        this.tags = body.tags("tags");
        this.type = body.string("type");
    }

    /** Unmarshals the fields only; {@link #validate} must follow once the rest of the body is read. */
    public static IdentityFields read(JsonBody body) {
        return new IdentityFields(body);
    }

    /** A whole {@code identityUpdate} (PUT): name, type and isAdmin are required, the rest is reset when absent. */
    public static IdentityFields update(String raw) {
        IdentityFields fields = read(JsonBody.parse("identity", raw));
        fields.validate(true);
        return fields;
    }

    /**
     * An {@code identityPatch}: only the fields the body names change. The spec marks name and isAdmin nullable,
     * but an identity cannot be without them (nor without a type), so an explicit {@code null} there is refused.
     */
    public static IdentityFields patch(String raw) {
        IdentityFields fields = read(JsonBody.parse("identity", raw));
        fields.validate(false);
        return fields;
    }

    /** @param whole true for create and PUT (name, type, isAdmin required); false for PATCH (required if named) */
    public void validate(boolean whole) {
        between("defaultHostingCost", defaultHostingCost);
        JsonBody.oneOf("defaultHostingPrecedence", defaultHostingPrecedence, PRECEDENCES);
        if (whole || body.has("isAdmin")) {
            JsonBody.required("isAdmin", isAdmin);
        }
        if (whole || body.has("name")) {
            JsonBody.required("name", name);
        }
        if (permissions != null) {
            for (int i = 0; i < permissions.size(); i++) {
                JsonBody.oneOf("permissions." + i, permissions.get(i), PERMISSIONS);
            }
        }
        if (serviceHostingCosts != null) {
            serviceHostingCosts.forEach((service, cost) -> between("serviceHostingCosts." + service, cost));
        }
        if (serviceHostingPrecedences != null) {
            serviceHostingPrecedences.forEach((service, precedence) ->
                    JsonBody.oneOf("serviceHostingPrecedences." + service, precedence, PRECEDENCES));
        }
        if (whole || body.has("type")) {
            JsonBody.required("type", type);
        }
        JsonBody.oneOf("type", type, TYPES);
    }

    private static void between(String field, Long cost) {
        JsonBody.between(field, cost, 0, MAX_COST);
    }

    /** Whether the body names the field (PATCH changes exactly these). */
    public boolean has(String field) {
        return body.has(field);
    }

    public Map<String, Object> appData() {
        return appData == null ? Map.of() : appData;
    }

    /** Upstream falls back to the default auth policy when none is given. */
    public String authPolicyId() {
        return authPolicyId == null ? "default" : authPolicyId;
    }

    public int defaultHostingCost() {
        return defaultHostingCost == null ? 0 : defaultHostingCost.intValue();
    }

    public String defaultHostingPrecedence() {
        return defaultHostingPrecedence == null ? "default" : defaultHostingPrecedence;
    }

    public boolean isAdmin() {
        return Boolean.TRUE.equals(isAdmin);
    }

    public List<String> permissions() {
        return permissions == null ? List.of() : permissions;
    }

    public List<String> roleAttributes() {
        return roleAttributes == null ? List.of() : roleAttributes;
    }

    public Map<String, Long> serviceHostingCosts() {
        return serviceHostingCosts == null ? Map.of() : serviceHostingCosts;
    }

    public Map<String, String> serviceHostingPrecedences() {
        return serviceHostingPrecedences == null ? Map.of() : serviceHostingPrecedences;
    }

    public Map<String, Object> tags() {
        return tags == null ? Map.of() : tags;
    }

    private static List<String> allPermissions() {
        List<String> all = new ArrayList<>();
        all.add("admin_readonly");
        for (String entity : new String[]{"auth-policy", "ca", "config", "config-type", "edge-router-policy",
                "enrollment", "external-jwt-signer", "identity", "ops", "posture-check", "router", "service",
                "service-edge-router-policy", "service-policy", "terminator"}) {
            all.add(entity);
            for (String action : new String[]{"read", "create", "update", "delete"}) {
                if (!("ops".equals(entity) && "create".equals(action))) {
                    all.add(entity + "." + action);
                }
            }
        }
        return List.copyOf(all);
    }
}
