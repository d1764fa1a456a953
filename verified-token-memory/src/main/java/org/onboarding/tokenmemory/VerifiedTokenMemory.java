package org.onboarding.tokenmemory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Verifies platform JWTs with SmallRye JWT (its {@link MpJwtValidator}) and remembers the ones that verified, by their
 * exact text, until their own {@code exp} and at most a TTL: a client's next requests skip the RS256 check and the
 * claims parsing (this module's README). Only successes are remembered, so a token that failed (forged, expired, wrong
 * issuer) is verified again every time and never admitted from here.
 * <p>
 * Not a bean itself: each service subclasses it as its own bean, with its own settings and meter name.
 * <p>
 * It takes precedence over SmallRye's own provider (higher {@link #priority}) and answers every JWT request itself,
 * so that one is never asked twice. Each request gets a new identity: the remembered principal and roles with this
 * request's credential and routing context, as SmallRye builds it; augmentors still run on it.
 */
public class VerifiedTokenMemory implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final LongSupplier clock;
    private final Cache<String, Verified> verified;

    /** {@code clock} in epoch milliseconds; {@code maxEntries} 0 verifies every request. */
    public VerifiedTokenMemory(IdentityProvider<TokenAuthenticationRequest> verifier, int maxEntries, Duration ttl,
                                  LongSupplier clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = maxEntries <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // until the token's exp, at most the TTL after it was verified; reading does not extend it
                .expireAfter(Expiry.writing((String token, Verified entry) -> untilExpOrTtl(entry.expiresAtMillis(), ttl, clock)))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.getAsLong()))
                // evictions on the calling thread (under Caffeine's try-lock): no pool thread woken per lookup
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Publishes the memory's Caffeine meters with {@code cacheName} as their {@code cache} tag (cache_gets_total...). */
    protected final void monitor(MeterRegistry registry, String cacheName) {
        if (verified != null) {
            CaffeineCacheMetrics.monitor(registry, verified, cacheName);
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return verifier.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (verified == null || !(request.getToken() instanceof JsonWebTokenCredential)) {
            return verifier.authenticate(request, context);
        }
        String token = request.getToken().getToken();
        Verified known = verified.getIfPresent(token);
        // the cache's own expiry already drops it at exp; checked again so that no timing of its housekeeping matters
        if (known != null && known.expiresAtMillis > clock.getAsLong()) {
            return Uni.createFrom().item(identity(known.identity, request));
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(token, identity));
    }

    private void remember(String token, SecurityIdentity identity) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        long expiresAtMillis = jwt.getExpirationTime() * 1000;
        if (expiresAtMillis > clock.getAsLong()) {
            verified.put(token, new Verified(withoutRequest(identity).build(), expiresAtMillis));
        }
    }

    /**
     * Principal, roles and attributes, without what belongs to the request that carried the token (its credential and
     * routing context): remembering those would keep every such request's objects alive, and hand them to others.
     */
    private static QuarkusSecurityIdentity.Builder withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles());
        for (Map.Entry<String, Object> attribute : identity.getAttributes().entrySet()) {
            if (!ROUTING_CONTEXT.equals(attribute.getKey())) {
                builder.addAttribute(attribute.getKey(), attribute.getValue());
            }
        }
        return builder;
    }

    /** The remembered identity for this request: with its credential and routing context, as SmallRye builds it. */
    private static SecurityIdentity identity(SecurityIdentity remembered, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = withoutRequest(remembered).addCredential(request.getToken());
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(ROUTING_CONTEXT, routingContext);
        }
        return builder.build();
    }

    /** How many tokens are remembered once pending evictions are done (tests). */
    long rememberedCount() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private record Verified(SecurityIdentity identity, long expiresAtMillis) {
    }

    private static Duration untilExpOrTtl(long expiresAtMillis, Duration ttl, LongSupplier clock) {
        long untilExp = Math.max(0, expiresAtMillis - clock.getAsLong());
        return untilExp < ttl.toMillis() ? Duration.ofMillis(untilExp) : ttl;
    }
}
