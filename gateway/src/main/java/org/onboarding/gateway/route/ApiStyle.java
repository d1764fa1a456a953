package org.onboarding.gateway.route;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The API a path belongs to: where its clients put their token, and the error envelope they understand for what only
 * the gateway refuses (rate limit, oversized body or request line). Authentication failures are not answered here:
 * the gateway passes such a request on to the service, which answers them itself (GatewayRoutes).
 * <p>
 * Token headers follow each service's own rule (gateway/README.md, "Token headers"): OpenZiti reads {@code zt-session}
 * first and then {@code Authorization: Bearer}; FOLIO reads {@code x-okapi-token} first, then Bearer, and refuses two
 * different tokens; Applivery and FastAPI read Bearer only.
 */
public enum ApiStyle {

    OPENZITI {
        @Override
        public Credentials credentials(MultiMap headers) {
            String session = nonBlank(headers.get(ZT_SESSION));
            return Credentials.of(session != null ? session : bearer(headers));
        }

        @Override
        public JsonObject error(int status, String message, String requestId) {
            String code = switch (status) {
                case 429 -> "RATE_LIMITED";
                case 413 -> "REQUEST_TOO_LARGE";
                case 414 -> "URI_TOO_LONG";
                default -> "INVALID_REQUEST";
            };
            if (status == 429) {
                message = "The requested operation is rate limited and the rate limit has been exceeded. Please try again later";
            }
            return new JsonObject()
                    .put("error", new JsonObject().put("code", code).put("message", message).put("requestId", requestId))
                    .put("meta", new JsonObject().put("apiEnrollmentVersion", "0.0.1").put("apiVersion", "0.0.1"));
        }
    },

    APPLIVERY {
        @Override
        public JsonObject error(int status, String message, String requestId) {
            // Applivery's "Limit Exceeded" for the rate limit; its validation error for what is too large
            return status == 429 ? applivery(5017, "Limit Exceeded") : applivery(3000, message);
        }
    },

    FASTAPI {
        @Override
        public JsonObject error(int status, String message, String requestId) {
            // FastAPI's HTTPException: {"detail": <the status' phrase>}
            return new JsonObject().put("detail", switch (status) {
                case 429 -> "Too Many Requests";
                case 413 -> "Request Entity Too Large";
                case 414 -> "Request-URI Too Long";
                default -> message;
            });
        }
    },

    FOLIO {
        @Override
        public Credentials credentials(MultiMap headers) {
            String okapi = nonBlank(headers.get(OKAPI_TOKEN));
            String bearer = bearer(headers);
            if (okapi != null && bearer != null && !okapi.equals(bearer)) {
                return Credentials.CONFLICTING; // FOLIO's 400 TokenMismatchException, answered by the service
            }
            return Credentials.of(okapi != null ? okapi : bearer);
        }

        @Override
        public JsonObject error(int status, String message, String requestId) {
            return status == 429
                    ? folio("Too many requests, please retry later.", "TooManyRequestsException", "service_error")
                    : folio(message, status == 413 ? "PayloadTooLargeException" : "UriTooLongException",
                    "validation_error");
        }
    };

    /** OpenZiti clients send their session token here. */
    public static final String ZT_SESSION = "zt-session";
    /** FOLIO clients send their token here. */
    public static final String OKAPI_TOKEN = "x-okapi-token";

    /** The token this API's service would read from these headers; Bearer only unless the API says otherwise. */
    public Credentials credentials(MultiMap headers) {
        return Credentials.of(bearer(headers));
    }

    /** This API's error envelope for a refusal of the gateway's own (429, 413, 414). */
    public abstract JsonObject error(int status, String message, String requestId);

    /** The token a request carries for this API: none, one, or two that disagree. */
    public record Credentials(String token, boolean conflicting) {
        static final Credentials NONE = new Credentials(null, false);
        static final Credentials CONFLICTING = new Credentials(null, true);

        static Credentials of(String token) {
            return token == null ? NONE : new Credentials(token, false);
        }
    }

    private static String bearer(MultiMap headers) {
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return nonBlank(authorization.substring(7));
        }
        return null;
    }

    private static String nonBlank(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
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
