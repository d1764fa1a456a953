package org.onboarding.gateway.ratelimit;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.gateway.GatewayConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per client (token subject, or IP when anonymous). Lock-free on the hot path except for the one
 * bucket being touched. Limits are per gateway replica; cluster-wide fairness would need shared state.
 */
@ApplicationScoped
@Startup
public class ClientRateLimiter {

    private static final long IDLE_EVICTION_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final boolean enabled;
    private final double tokensPerNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimiter(GatewayConfig config, Vertx vertx) {
        GatewayConfig.RateLimit limit = config.rateLimit();
        this.enabled = limit.enabled();
        this.tokensPerNano = limit.requestsPerSecond() / 1e9;
        this.capacity = Math.max(1, limit.burst());
        // idle clients are forgotten so the map cannot grow without bound
        vertx.setPeriodic(30_000, id -> evictIdle(System.nanoTime()));
    }

    /** @return 0 if the request may go on, else how many seconds the client should wait (for Retry-After). */
    public long acquire(String clientKey) {
        if (!enabled) {
            return 0;
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(clientKey, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * tokensPerNano);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double waitNanos = (1 - bucket.tokens) / tokensPerNano;
            return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
        }
    }

    void evictIdle(long now) {
        buckets.entrySet().removeIf(e -> now - e.getValue().updatedAt > IDLE_EVICTION_NANOS);
    }

    private static final class Bucket {
        double tokens;
        volatile long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }
}
