package org.onboarding.gateway.route;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The API a path belongs to, and so the error envelope its clients understand. The gateway answers a 401 or 429
 * the way the upstream API would, so a generated OpenZiti/FOLIO/FastAPI/Applivery client parses it.
 */
public enum ApiStyle {

    OPENZITI {
        @Override
        public JsonObject unauthorized(boolean tokenMissing, String requestId) {
            return ziti("UNAUTHORIZED",
                    "The request could not be completed. The session is not authorized or the credentials are invalid",
                    requestId);
        }

        @Override
        public JsonObject tooManyRequests(String requestId) {
            return ziti("RATE_LIMITED",
                    "The requested operation is rate limited and the rate limit has been exceeded. Please try again later",
                    requestId);
        }

        @Override
        public String wwwAuthenticate(boolean tokenMissing) {
            // what ziti-edge-service (ApiExceptionMappers) and the OpenZiti controller send when no token came
            return tokenMissing ? ZITI_WWW_AUTHENTICATE : null;
        }
    },

    APPLIVERY {
        @Override
        public JsonObject unauthorized(boolean tokenMissing, String requestId) {
            return tokenMissing ? applivery(4002, "No auth token") : applivery(4004, "Invalid Token");
        }

        @Override
        public JsonObject tooManyRequests(String requestId) {
            return applivery(5017, "Limit Exceeded");
        }
    },

    FASTAPI {
        @Override
        public JsonObject unauthorized(boolean tokenMissing, String requestId) {
            // FastAPI's HTTPBearer wording
            return new JsonObject().put("detail", tokenMissing ? "Not authenticated" : "Could not validate credentials");
        }

        @Override
        public JsonObject tooManyRequests(String requestId) {
            return new JsonObject().put("detail", "Too Many Requests");
        }

        @Override
        public String wwwAuthenticate(boolean tokenMissing) {
            return "Bearer";
        }
    },

    FOLIO {
        @Override
        public JsonObject unauthorized(boolean tokenMissing, String requestId) {
            return folio(tokenMissing ? "Failed to find auth token in request." : "Failed to validate auth token.",
                    "NotAuthorizedException", "auth_error");
        }

        @Override
        public JsonObject tooManyRequests(String requestId) {
            return folio("Too many requests, please retry later.", "TooManyRequestsException", "service_error");
        }
    };

    public abstract JsonObject unauthorized(boolean tokenMissing, String requestId);

    public abstract JsonObject tooManyRequests(String requestId);

    /** Value of the {@code WWW-Authenticate} header on a 401, if the API sends one. */
    public String wwwAuthenticate(boolean tokenMissing) {
        return null;
    }

    /** Byte for byte the header of ziti-edge-service's 401 without a token. */
    static final String ZITI_WWW_AUTHENTICATE = "zt-session realm=\"zt-session\" error=\"missing\" "
            + "error_description=\"no matching token was provided\",Bearer realm=\"openziti-oidc\" error=\"missing\" "
            + "error_description=\"no matching token was provided\"";

    private static JsonObject ziti(String code, String message, String requestId) {
        return new JsonObject()
                .put("error", new JsonObject().put("code", code).put("message", message).put("requestId", requestId))
                .put("meta", new JsonObject().put("apiEnrollmentVersion", "0.0.1").put("apiVersion", "0.0.1"));
    }

    private static JsonObject applivery(int code, String message) {
        return new JsonObject().put("status", false)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    private static JsonObject folio(String message, String type, String code) {
        return new JsonObject()
                .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("type", type).put("code", code)))
                .put("total_records", 1);
    }
}
