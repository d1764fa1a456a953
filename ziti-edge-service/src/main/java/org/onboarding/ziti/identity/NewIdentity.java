package org.onboarding.ziti.identity;

import org.onboarding.ziti.api.JsonBody;

/**
 * A validated {@code identityCreate} body: the identity's fields (the ones PUT and PATCH change too) and
 * {@code enrollment: {ott?: bool, ottca?: caId, updb?: username}}.
 */
public record NewIdentity(IdentityFields fields, Boolean enrollOtt, String enrollOttca, String enrollUpdb) {

    public static NewIdentity from(String raw) {
        JsonBody body = JsonBody.parse("identity", raw);
        JsonBody enrollment = body.object("enrollment");
        Boolean ott = enrollment == null ? null : enrollment.bool("ott");
        String ottca = enrollment == null ? null : enrollment.string("ottca");
        String updb = enrollment == null ? null : enrollment.string("updb");
        IdentityFields fields = IdentityFields.read(body);
        fields.validate(true);
        return new NewIdentity(fields, ott, ottca, updb);
    }
}
