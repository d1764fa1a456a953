package org.onboarding.gateway.route;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;

/** The gateway's own small JSON error, for what belongs to no upstream API (unknown path, upstream failures). */
public final class GatewayErrors {

    private GatewayErrors() {
    }

    public static JsonObject body(int status, String message, String path, String requestId) {
        return new JsonObject()
                .put("status", status)
                .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("message", message)
                .put("path", path)
                .put("requestId", requestId);
    }
}
