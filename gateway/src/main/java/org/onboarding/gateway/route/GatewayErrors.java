package org.onboarding.gateway.route;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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

    /** Answers with a JSON body (ours or the API's envelope) and, if {@code value} is given, one extra header. */
    static void reply(RoutingContext ctx, int status, JsonObject body, String header, String value) {
        var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (value != null) {
            response.putHeader(header, value);
        }
        response.end(body.encode());
    }
}
