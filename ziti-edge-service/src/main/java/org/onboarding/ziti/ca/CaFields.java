package org.onboarding.ziti.ca;

import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.JsonBody;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fields of {@code caCreate}, {@code caUpdate} and {@code caPatch}, read the go-swagger way: unmarshalled first
 * (wrong JSON types give {@code COULD_NOT_PARSE_BODY}), then validated in alphabetical field order. The accessors give
 * the value an absent (or, in a patch, {@code null}) field takes.
 */
public final class CaFields {

    /** Upstream's default: the CA's name, a dash, the common name of the enrolling certificate. */
    public static final String DEFAULT_NAME_FORMAT = "[caName]-[commonName]";

    private final JsonBody body;
    private final String certPem;
    private final String identityNameFormat;
    private final List<String> identityRoles;
    private final Boolean isAuthEnabled;
    private final Boolean isAutoCaEnrollmentEnabled;
    private final Boolean isOttCaEnrollmentEnabled;
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
        for (String field : List.of("isAuthEnabled", "isAutoCaEnrollmentEnabled", "isOttCaEnrollmentEnabled", "name")) {
            if (fields.has(field)) {
                JsonBody.required(field, Column.valueOfField(field).value.apply(fields));
            }
        }
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

    public String certPem() {
        return certPem;
    }

    public String identityNameFormat() {
        return identityNameFormat == null || identityNameFormat.isEmpty() ? DEFAULT_NAME_FORMAT : identityNameFormat;
    }

    public List<String> identityRoles() {
        return identityRoles == null ? List.of() : identityRoles;
    }

    public String name() {
        return name;
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
    enum Column {
        NAME("name", "name", CaFields::name),
        IS_AUTH_ENABLED("isAuthEnabled", "is_auth_enabled", f -> f.isAuthEnabled),
        IS_AUTO_CA_ENROLLMENT_ENABLED("isAutoCaEnrollmentEnabled", "is_auto_ca_enrollment_enabled",
                f -> f.isAutoCaEnrollmentEnabled),
        IS_OTT_CA_ENROLLMENT_ENABLED("isOttCaEnrollmentEnabled", "is_ott_ca_enrollment_enabled",
                f -> f.isOttCaEnrollmentEnabled),
        IDENTITY_ROLES("identityRoles", "identity_roles", f -> org.onboarding.ziti.api.JsonText.write(f.identityRoles())),
        IDENTITY_NAME_FORMAT("identityNameFormat", "identity_name_format", CaFields::identityNameFormat),
        TAGS("tags", "tags", f -> org.onboarding.ziti.api.JsonText.write(f.tags()));

        final String field;
        final String column;
        final Function<CaFields, Object> value;

        Column(String field, String column, Function<CaFields, Object> value) {
            this.field = field;
            this.column = column;
            this.value = value;
        }

        static Column valueOfField(String field) {
            for (Column c : values()) {
                if (c.field.equals(field)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(field);
        }
    }
}
