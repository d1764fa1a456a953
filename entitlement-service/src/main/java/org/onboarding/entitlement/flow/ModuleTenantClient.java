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
import org.jboss.logging.Logger;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.registry.ApplicationDescriptor;

import java.time.Duration;
import java.util.Map;

/**
 * Calls a module's tenant API ({@code POST {location}/_/tenant}; the legacy 1.x variants
 * for taking a module away). Retried on HTTP ≥ 400 only, up to {@code max} attempts with exponential back-off
 * (Mutiny's retry); every failed call is recorded on the stage ({@code retriesCount}, {@code retriesInfo}).
 */
@ApplicationScoped
public class ModuleTenantClient {

    private static final Logger LOG = Logger.getLogger(ModuleTenantClient.class);
    static final String TENANT_ENDPOINT = "/_/tenant";
    static final String DISABLE_ENDPOINT = "/_/tenant/disable";

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final int maxAttempts;
    private final long delayMs;
    private final long maxDelayMs;
    /** FOLIO_CLIENT_READ_TIMEOUT: a module that stays silent this long fails the call (not retried; see README, Contract notes, Retries and timeouts). */
    private final long readTimeoutMs;

    public ModuleTenantClient(Vertx vertx, ObjectMapper mapper,
                              @ConfigProperty(name = "entitlement.retries.module.max", defaultValue = "3") int maxAttempts,
                              @ConfigProperty(name = "entitlement.retries.module.backoff.delay", defaultValue = "1000") long delayMs,
                              @ConfigProperty(name = "entitlement.retries.module.backoff.max-delay", defaultValue = "30000") long maxDelayMs,
                              @ConfigProperty(name = "entitlement.module-client.connect-timeout", defaultValue = "10000") int connectTimeoutMs,
                              @ConfigProperty(name = "entitlement.module-client.read-timeout", defaultValue = "30000") long readTimeoutMs) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(connectTimeoutMs));
        this.mapper = mapper;
        this.maxAttempts = maxAttempts;
        this.delayMs = delayMs;
        this.maxDelayMs = maxDelayMs;
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
        return send(HttpMethod.POST, location, TENANT_ENDPOINT, tenantName, token, body, stage);
    }

    /**
     * Takes a module away from a tenant (revoke, or rollback of an install) as upstream's module service does. Tenant
     * API 2.x has nothing to do unless purging ({@code POST /_/tenant {module_from, purge: true}}). The legacy 1.x API
     * purges with {@code DELETE /_/tenant} and otherwise disables with {@code POST /_/tenant/disable}, when the
     * module declares that handler (else nothing is called).
     */
    public Uni<Void> uninstall(String location, String tenantName, String token, String moduleId,
                               ApplicationDescriptor.Interface tenantApi, boolean purge, StageContext stage) {
        if (!tenantApi.legacyTenantApi()) {
            return purge ? postTenant(location, tenantName, token, purgeBody(moduleId), stage) : Uni.createFrom().voidItem();
        }
        if (purge) {
            return send(HttpMethod.DELETE, location, TENANT_ENDPOINT, tenantName, token, purgeBody(moduleId), stage);
        }
        if (tenantApi.handles(DISABLE_ENDPOINT)) {
            ObjectNode disable = mapper.createObjectNode().put("module_from", moduleId).put("purge", false);
            return send(HttpMethod.POST, location, DISABLE_ENDPOINT, tenantName, token, disable, stage);
        }
        LOG.warnf("Disable operation is not supported by tenant API of module: %s", moduleId);
        return Uni.createFrom().voidItem();
    }

    /**
     * One call, retried by Mutiny on HTTP ≥ 400 only, with exponential back-off (doubling from {@code delay}, capped
     * at {@code max-delay}) up to {@code max} attempts in total. Every failed call is recorded on the stage (as
     * upstream's retry policy registers each error), so 3 failed calls record 3 entries.
     */
    private Uni<Void> send(HttpMethod method, String location, String endpoint, String tenantName, String token,
                           ObjectNode body, StageContext stage) {
        String uri = location.replaceAll("/+$", "") + endpoint;
        Uni<Void> call = Uni.createFrom().deferred(() -> call(method, uri, tenantName, token, body.toString(), stage));
        if (maxAttempts > 1) {
            call = call.onFailure(RetryableStatus.class).retry()
                    .withBackOff(Duration.ofMillis(delayMs), Duration.ofMillis(maxDelayMs)).withJitter(0)
                    .atMost(maxAttempts - 1L);
        }
        return call.onFailure(RetryableStatus.class).transform(Throwable::getCause);
    }

    /**
     * One attempt. A transport failure (timeout, refused connection) is not retried; its message names the cause as
     * the JDK client upstream uses would, e.g. a silent module gives
     * "[HttpTimeoutException] Failed to perform request [method: POST, uri: …], cause: request timed out".
     */
    private Uni<Void> call(HttpMethod method, String uri, String tenantName, String token, String body, StageContext stage) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri)
                .putHeader("x-okapi-tenant", tenantName).putHeader("Content-Type", "application/json")
                .setIdleTimeout(readTimeoutMs);
        if (token != null) {
            options.putHeader("x-okapi-token", token);
        }
        String request = "Failed to perform request [method: " + method.name() + ", uri: " + uri + "]";
        return http.request(options)
                .flatMap(r -> r.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(b -> new Answer(response.statusCode(), b.toString())))
                .onFailure().transform(e -> {
                    ApiException failure = transportFailure(request, e);
                    stage.retried(failure);
                    return failure;
                })
                .flatMap(answer -> {
                    if (answer.status <= 300) {
                        return Uni.createFrom().voidItem();
                    }
                    ApiException failure = ApiException.integration(request + ", status: " + answer.status
                            + ", response: " + abbreviate(answer.body));
                    stage.retried(failure);
                    return Uni.createFrom().failure(answer.status >= 400 ? new RetryableStatus(failure) : failure);
                });
    }

    /** Marks a module's HTTP error answer as worth another attempt; unwrapped once attempts are used up. */
    private static final class RetryableStatus extends RuntimeException {
        RetryableStatus(ApiException failure) {
            super(failure.getMessage(), failure, false, false);
        }
    }

    /** Names a transport failure as the JDK HTTP client would: a read timeout is its HttpTimeoutException. */
    static ApiException transportFailure(String request, Throwable e) {
        boolean timeout = e instanceof java.util.concurrent.TimeoutException
                || e.getClass().getSimpleName().contains("Timeout");
        String kind = timeout ? "HttpTimeoutException" : e.getClass().getSimpleName();
        String cause = timeout ? "request timed out" : e.getMessage();
        return ApiException.integration("[" + kind + "] " + request + ", cause: " + cause);
    }

    private record Answer(int status, String body) {
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
