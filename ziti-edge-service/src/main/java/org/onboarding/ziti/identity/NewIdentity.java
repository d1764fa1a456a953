package org.onboarding.ziti.identity;

import org.onboarding.ziti.api.JsonBody;

import java.util.List;
import java.util.Map;

/** A validated {@code identityCreate} body; {@code enrollment} is {@code {ott?: bool, ottca?: caId, updb?: username}}. */
public record NewIdentity(String name, String type, boolean isAdmin, List<String> roleAttributes, String externalId,
                          String authPolicyId, Map<String, Object> tags, Boolean enrollOtt, String enrollOttca,
                          String enrollUpdb) {

    public static final List<String> TYPES = List.of("User", "Device", "Service", "Router", "Default");

    public static NewIdentity from(String raw) {
        JsonBody body = JsonBody.parse("identity", raw);
        String authPolicyId = body.string("authPolicyId");
        JsonBody enrollment = body.object("enrollment");
        Boolean ott = enrollment == null ? null : enrollment.bool("ott");
        String ottca = enrollment == null ? null : enrollment.string("ottca");
        String updb = enrollment == null ? null : enrollment.string("updb");
        String externalId = body.string("externalId");
        Boolean isAdmin = body.bool("isAdmin");
        String name = body.string("name");
        List<String> roleAttributes = body.strings("roleAttributes");
        Map<String, Object> tags = body.tags("tags");
        String type = body.string("type");
        JsonBody.required("isAdmin", isAdmin);
        JsonBody.required("name", name);
        JsonBody.required("type", type);
        JsonBody.oneOf("type", type, TYPES);
        return new NewIdentity(name, type, isAdmin, roleAttributes == null ? List.of() : roleAttributes, externalId,
                authPolicyId == null ? "default" : authPolicyId, tags == null ? Map.of() : tags, ott, ottca, updb);
    }
}
