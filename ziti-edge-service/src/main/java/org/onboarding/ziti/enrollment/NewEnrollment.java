package org.onboarding.ziti.enrollment;

import org.onboarding.ziti.api.JsonBody;

import java.time.Instant;
import java.util.List;

/** A validated {@code enrollmentCreate} body. */
public record NewEnrollment(String method, Instant expiresAt, String identityId, String caId, String username) {

    public static final List<String> METHODS = List.of("ott", "ottca", "updb");

    /** Unmarshal, then validate required fields and the enum in alphabetical order, as upstream's swagger layer. */
    public static NewEnrollment from(String raw) {
        JsonBody body = JsonBody.parse("enrollment", raw);
        String caId = body.string("caId");
        Instant expiresAt = body.dateTime("expiresAt");
        String identityId = body.string("identityId");
        String method = body.string("method");
        String username = body.string("username");
        JsonBody.required("expiresAt", expiresAt);
        JsonBody.required("identityId", identityId);
        JsonBody.required("method", method);
        JsonBody.oneOf("method", method, METHODS);
        return new NewEnrollment(method, expiresAt, identityId, caId, username);
    }
}
