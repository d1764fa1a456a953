package org.onboarding.ziti.ca;

import lombok.Getter;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.JsonBody;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Updates;

import java.util.List;
import java.util.Map;

/**
 * The fields of {@code caCreate}, {@code caUpdate} and {@code caPatch}, read the go-swagger way: unmarshalled first
 * (wrong JSON types give {@code COULD_NOT_PARSE_BODY}), then validated in alphabetical field order. The accessors give
 * the value an absent (or, in a patch, {@code null}) field takes.
 */
public final class CaFields {

    /** Upstream's default: the CA's name, a dash, the common name of the enrolling certificate. */
    public static final String DEFAULT_NAME_FORMAT = "[caName]-[commonName]";

    private final JsonBody body;
    @Getter
    private final String certPem;
    private final String identityNameFormat;
    private final List<String> identityRoles;
    private final Boolean isAuthEnabled;
    private final Boolean isAutoCaEnrollmentEnabled;
    private final Boolean isOttCaEnrollmentEnabled;
    @Getter
    private final String name;
    private final Map<String, Object> tags;

    private CaFields(JsonBody body) {
        this.body = body;
        this.certPem = body.string("certPem");
        JsonBody claim = body.object("externalIdClaim");
        this.identityNameFormat = body.string("identityNameFormat");
        this.identityRoles = body.strings("identityRoles");
        this.isAuthEnabled = body.bool("isAuthEnabled");
        this.isAutoCaEnrollmentEnabled = body.bool("isAutoCaEnrollmentEnabled");
        this.isOttCaEnrollmentEnabled = body.bool("isOttCaEnrollmentEnabled");
        this.name = body.string("name");
        this.tags = body.tags("tags");
        // external-id claims (identities matched by a certificate claim instead of a fingerprint) are not supported;
        // an empty object, which upstream's CLI sends on every update, is accepted
        if (claim != null && claim.string("location") != null) {
            throw ApiException.invalidField("externalIdClaim", "externalIdClaim is not supported", claim.string("location"));
        }
    }

    /** {@code caCreate}: certPem, identityRoles, the three switches and name are required. */
    public static CaFields create(String raw) {
        CaFields fields = new CaFields(JsonBody.parse("ca", raw));
        JsonBody.required("certPem", fields.certPem);
        JsonBody.required("identityRoles", fields.identityRoles);
        fields.requireSwitchesAndName();
        return fields;
    }

    /** {@code caUpdate} (PUT): every updatable field; identityNameFormat must be present (empty means the default). */
    public static CaFields update(String raw) {
        CaFields fields = new CaFields(JsonBody.parse("ca", raw));
        if (fields.identityNameFormat == null) {
            throw ApiException.couldNotValidate("identityNameFormat", "identityNameFormat in body is required", null);
        }
        JsonBody.required("identityRoles", fields.identityRoles);
        fields.requireSwitchesAndName();
        return fields;
    }

    /** {@code caPatch}: only the named fields change; the name and the switches cannot be set to null. */
    public static CaFields patch(String raw) {
        CaFields fields = new CaFields(JsonBody.parse("ca", raw));
        Map<String, Object> notNull = new java.util.TreeMap<>();
        notNull.put("isAuthEnabled", fields.isAuthEnabled);
        notNull.put("isAutoCaEnrollmentEnabled", fields.isAutoCaEnrollmentEnabled);
        notNull.put("isOttCaEnrollmentEnabled", fields.isOttCaEnrollmentEnabled);
        notNull.put("name", fields.name);
        notNull.forEach((field, value) -> {
            if (fields.has(field)) {
                JsonBody.required(field, value);
            }
        });
        return fields;
    }

    private void requireSwitchesAndName() {
        JsonBody.required("isAuthEnabled", isAuthEnabled);
        JsonBody.required("isAutoCaEnrollmentEnabled", isAutoCaEnrollmentEnabled);
        JsonBody.required("isOttCaEnrollmentEnabled", isOttCaEnrollmentEnabled);
        JsonBody.required("name", name);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public String identityNameFormat() {
        return identityNameFormat == null || identityNameFormat.isEmpty() ? DEFAULT_NAME_FORMAT : identityNameFormat;
    }

    public List<String> identityRoles() {
        return identityRoles == null ? List.of() : identityRoles;
    }

    public Map<String, Object> tags() {
        return tags == null ? Map.of() : tags;
    }

    public boolean isAuthEnabled() {
        return Boolean.TRUE.equals(isAuthEnabled);
    }

    public boolean isAutoCaEnrollmentEnabled() {
        return Boolean.TRUE.equals(isAutoCaEnrollmentEnabled);
    }

    public boolean isOttCaEnrollmentEnabled() {
        return Boolean.TRUE.equals(isOttCaEnrollmentEnabled);
    }

    /** The columns PUT and PATCH write, each with the body field it comes from (a fixed whitelist for the SET list). */
    static final List<Updates.Column<CaFields>> UPDATABLE = List.of(
            new Updates.Column<>("name", "name", CaFields::name),
            new Updates.Column<>("isAuthEnabled", "is_auth_enabled", f -> f.isAuthEnabled),
            new Updates.Column<>("isAutoCaEnrollmentEnabled", "is_auto_ca_enrollment_enabled",
                    f -> f.isAutoCaEnrollmentEnabled),
            new Updates.Column<>("isOttCaEnrollmentEnabled", "is_ott_ca_enrollment_enabled",
                    f -> f.isOttCaEnrollmentEnabled),
            new Updates.Column<>("identityRoles", "identity_roles", f -> JsonText.write(f.identityRoles())),
            new Updates.Column<>("identityNameFormat", "identity_name_format", CaFields::identityNameFormat),
            new Updates.Column<>("tags", "tags", f -> JsonText.write(f.tags())));
}
