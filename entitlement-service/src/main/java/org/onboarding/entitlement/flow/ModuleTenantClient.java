package org.onboarding.entitlement.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.onboarding.entitlement.common.IntegrationException;

import java.time.Duration;
import java.util.Map;

/**
 * Calls a module's tenant API ({@code POST {location}/_/tenant}, folio.md §4.5.1, §8.3.4). Retried on HTTP ≥ 400
 * only, up to {@code max-attempts} attempts with exponential backoff; each retry is recorded on the stage.
 */
@ApplicationScoped
public class ModuleTenantClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final int maxAttempts;
    private final long delayMs;
    private final long maxDelayMs;
    private final double multiplier;
    /** FOLIO_CLIENT_READ_TIMEOUT: a module that stays silent this long fails the call (not retried, folio.md §4.4). */
    private final long readTimeoutMs;

    public ModuleTenantClient(Vertx vertx, ObjectMapper mapper,
                              @ConfigProperty(name = "entitlement.retries.module.max", defaultValue = "3") int maxAttempts,
                              @ConfigProperty(name = "entitlement.retries.module.backoff.delay", defaultValue = "1000") long delayMs,
                              @ConfigProperty(name = "entitlement.retries.module.backoff.max-delay", defaultValue = "30000") long maxDelayMs,
                              @ConfigProperty(name = "entitlement.retries.module.backoff.multiplier", defaultValue = "5") double multiplier,
                              @ConfigProperty(name = "entitlement.module-client.connect-timeout", defaultValue = "10000") int connectTimeoutMs,
                              @ConfigProperty(name = "entitlement.module-client.read-timeout", defaultValue = "30000") long readTimeoutMs) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(connectTimeoutMs));
        this.mapper = mapper;
        this.maxAttempts = maxAttempts;
        this.delayMs = delayMs;
        this.maxDelayMs = maxDelayMs;
        this.multiplier = multiplier;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** Enable/upgrade body: {@code {"module_to": id, "parameters": [{key, value}]}}. */
    public ObjectNode installBody(String moduleId, Map<String, String> parameters) {
        ObjectNode body = mapper.createObjectNode().put("module_to", moduleId);
        if (!parameters.isEmpty()) {
            ArrayNode list = body.putArray("parameters");
            parameters.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
        }
        return body;
    }

    /** Purge body: {@code {"module_from": id, "purge": true}}. */
    public ObjectNode purgeBody(String moduleId) {
        return mapper.createObjectNode().put("module_from", moduleId).put("purge", true);
    }

    public Uni<Void> postTenant(String location, String tenantName, String token, ObjectNode body, StageContext stage) {
        String uri = location.replaceAll("/+$", "") + "/_/tenant";
        return attempt(uri, tenantName, token, body.toString(), stage, 1);
    }

    private Uni<Void> attempt(String uri, String tenantName, String token, String body, StageContext stage, int attempt) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader("x-okapi-tenant", tenantName).putHeader("Content-Type", "application/json")
                .setIdleTimeout(readTimeoutMs);
        if (token != null) {
            options.putHeader("x-okapi-token", token);
        }
        return http.request(options)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(b -> new Answer(response.statusCode(), b.toString())))
                .onFailure().transform(e -> new IntegrationException("Failed to perform request [method: POST, uri: " + uri
                        + "], cause: " + e.getMessage()))
                .flatMap(answer -> {
                    if (answer.status <= 300) {
                        return Uni.createFrom().voidItem();
                    }
                    IntegrationException failure = new IntegrationException("Failed to perform request [method: POST, uri: "
                            + uri + "], status: " + answer.status + ", response: " + abbreviate(answer.body));
                    if (answer.status >= 400 && attempt < maxAttempts) {
                        stage.retried(failure);
                        long delay = (long) Math.min(maxDelayMs, delayMs * Math.pow(multiplier, attempt - 1));
                        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delay))
                                .flatMap(ignored -> attempt(uri, tenantName, token, body, stage, attempt + 1));
                    }
                    return Uni.createFrom().failure(failure);
                });
    }

    private record Answer(int status, String body) {
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
