package org.onboarding.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.onboarding.gateway.GatewayConfig;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Verifies the platform JWT a route's API found in the request with SmallRye JWT: RS256 signature against the
 * configured key (parsed once and cached by SmallRye), {@code exp}, {@code iss}, {@code aud} and the longest lifetime
 * {@code exp - iat} ({@code smallrye.jwt.time-to-live}, the same setting the services verify with). {@code alg: none} and other algorithms are refused because only RS256 is accepted.
 * <p>
 * Verifying costs ~40 µs of CPU per request, most of it the RSA signature: tokens that verified are remembered by
 * their exact text in a Caffeine cache, each until its own {@code exp}, so a client's next requests skip the
 * signature check. With a key file that is all: SmallRye reads the key once, so a key that verified a token stays the
 * gateway's key for its whole life. With keys from a JWKS URL an entry also lives at most
 * {@code gateway.token-cache.ttl}, so a key the provider removes stops being trusted for remembered tokens within it.
 * Only successes are remembered (a forged token is never in the cache), the cache holds at most
 * {@code gateway.token-cache.max-entries} (Caffeine evicts the least useful) and {@code max-entries=0} turns it off. Caffeine's housekeeping runs on the thread that triggers it, under a try-lock,
 * so a lookup never waits for it.
 * Its hits and misses are the {@code gateway_token_cache_gets_total} metric (README "Observability").
 */
@Startup // its metrics are exposed (at zero) before the first request
@ApplicationScoped
public class PlatformTokenVerifier {

    /** The {@code cache} tag of the cache's meters; {@link #tokenCacheMeterNames} turns them into gateway_token_cache_*. */
    static final String CACHE_NAME = "gateway_token_cache";

    private final JWTParser parser;
    private final boolean remoteKeys;
    private final LongSupplier clock;
    private final Cache<TokenKey, Remembered> verified;

    @Inject
    public PlatformTokenVerifier(JWTParser parser,
                                 @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
                                 GatewayConfig config, MeterRegistry registry) {
        this(parser, keyLocation.map(l -> l.startsWith("http:") || l.startsWith("https:")).orElse(false),
                config.tokenCache().maxEntries(), config.tokenCache().ttl(), System::currentTimeMillis,
                // housekeeping on the thread that triggers it, under Caffeine's try-lock (a reader never waits):
                // handing it to the common pool woke a pool thread every few lookups, which cost more than the
                // work itself (README "How a request goes through")
                Runnable::run);
        if (verified != null) {
            CaffeineCacheMetrics.monitor(registry, verified, CACHE_NAME);
        }
    }

    /**
     * {@code ttl} bounds an entry's life only with {@code remoteKeys}; {@code clock} in epoch milliseconds;
     * {@code maintenance} runs Caffeine's evictions.
     */
    PlatformTokenVerifier(JWTParser parser, boolean remoteKeys, int maxEntries, Duration ttl, LongSupplier clock,
                          Executor maintenance) {
        this.parser = parser;
        this.remoteKeys = remoteKeys;
        this.clock = clock;
        this.verified = maxEntries <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // until the token's exp (with JWKS keys at most the TTL after it was verified); reading does not
                // extend it. Re-verifying every token once a TTL cost each gateway an RSA check per client and minute
                // (README "How a request goes through")
                .expireAfter(Expiry.writing((TokenKey token, Remembered entry) ->
                        untilExpOrTtl(entry.expiresAtMillis(), remoteKeys ? ttl : null, clock)))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.getAsLong()))
                .executor(maintenance)
                .recordStats()
                .build();
    }

    /**
     * True when keys come from a JWKS URL: SmallRye then fetches (and refreshes) them with blocking I/O, so
     * verification must run off the event loop. A key file is parsed once and verifying costs ~40 µs of CPU.
     */
    public boolean mayBlock() {
        return remoteKeys;
    }

    /**
     * The remembered outcome of a token verified before; null when the token must be verified ({@link #verify}).
     * This is the lookup counted as a hit or a miss in the cache's metrics.
     */
    public Verification known(String token) {
        if (verified == null) {
            return null;
        }
        Remembered entry = verified.getIfPresent(new TokenKey(token));
        return entry == null ? null : entry.verification;
    }

    /** Verifies the token the route's API found in the request ({@code ApiStyle.credentials}). */
    public Verification verify(String token) {
        // not counted again: a request that missed in known() would otherwise count two misses
        Remembered known = verified == null ? null : verified.asMap().get(new TokenKey(token));
        if (known != null) {
            return known.verification;
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            Verification verification = new Verification("Bearer " + token, jwt.getSubject(),
                    String.join(",", jwt.getGroups()));
            remember(token, verification, jwt.getExpirationTime());
            return verification;
        } catch (ParseException | RuntimeException e) {
            return Verification.INVALID;
        }
    }

    private void remember(String token, Verification verification, long expiresAtSeconds) {
        if (verified == null || expiresAtSeconds <= 0 || expiresAtSeconds * 1000 <= clock.getAsLong()) {
            return;
        }
        verified.put(new TokenKey(token), new Remembered(verification, expiresAtSeconds * 1000));
    }

    /** How many tokens are remembered once pending evictions are done (tests). */
    long rememberedCount() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /**
     * Renames the Caffeine meters of this cache (cache_gets, cache_puts, cache_evictions, cache_size) to
     * gateway_token_cache_*, so they are not mixed with other caches' and read as the gateway's own.
     */
    @Produces
    @Singleton
    static MeterFilter tokenCacheMeterNames() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return CACHE_NAME.equals(id.getTag("cache")) && id.getName().startsWith("cache.")
                        ? id.withName("gateway.token." + id.getName())
                        : id;
            }
        };
    }

    /** {@code ttl} null: until exp only. */
    private static Duration untilExpOrTtl(long expiresAtMillis, Duration ttl, LongSupplier clock) {
        long untilExp = Math.max(0, expiresAtMillis - clock.getAsLong());
        return ttl == null || untilExp < ttl.toMillis() ? Duration.ofMillis(untilExp) : ttl;
    }

    private record Remembered(Verification verification, long expiresAtMillis) {
    }

    /**
     * A token as the cache's key: equal only to the very same text, hashed over its last {@value #HASHED} characters.
     * A token arrives as a new String with every request, so {@link String#hashCode} would walk all of its ~700
     * characters on every lookup. Its end is the RS256 signature, which differs between any two tokens issued; and
     * as only verified tokens are stored, a client cannot fill one hash bucket with forged tokens sharing an end.
     */
    private static final class TokenKey implements Comparable<TokenKey> {
        static final int HASHED = 32;
        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = 0;
            for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey key && hash == key.hash && token.equals(key.token);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** Keeps a crowded hash bucket a tree (ConcurrentHashMap compares Comparable keys). */
        @Override
        public int compareTo(TokenKey other) {
            return token.compareTo(other.token);
        }
    }

    /**
     * Outcome of looking for and checking a token. {@code authorization} is the {@code Authorization} header the
     * service gets ({@code Bearer <token>}), made once per verification rather than per request (a ~700-character copy).
     */
    public record Verification(String authorization, String subject, String groups) {
        public static final Verification INVALID = new Verification("", null, null);

        public boolean valid() {
            return subject != null;
        }
    }
}
