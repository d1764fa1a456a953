package org.onboarding.gateway.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.onboarding.gateway.GatewayConfig;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies the platform JWT a route's API found in the request with SmallRye JWT: RS256 signature against the
 * configured key (parsed once and cached by SmallRye), {@code exp}, {@code iss}, {@code aud} and the longest lifetime
 * {@code exp - iat} ({@code smallrye.jwt.time-to-live}, the same setting the services verify with). {@code alg: none} and other algorithms are refused because only RS256 is accepted.
 * <p>
 * Verifying costs ~40 µs of CPU per request, most of it the RSA signature: tokens that verified are remembered by
 * their exact text until their {@code exp}, at most {@code gateway.token-cache.ttl}, so a client's next requests
 * skip the signature check. Only successes are remembered (a forged token is never in the cache), the cache is
 * bounded ({@code gateway.token-cache.max-entries}; when full it starts over), and {@code max-entries=0} turns it off.
 * With keys from a JWKS URL a key removed there stops being trusted for cached tokens within the TTL.
 */
@ApplicationScoped
public class PlatformTokenVerifier {

    private final JWTParser parser;
    private final boolean remoteKeys;
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();

    @Inject
    public PlatformTokenVerifier(JWTParser parser,
                                 @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
                                 GatewayConfig config) {
        this(parser, keyLocation.map(l -> l.startsWith("http:") || l.startsWith("https:")).orElse(false),
                config.tokenCache().maxEntries(), config.tokenCache().ttl(), System::currentTimeMillis);
    }

    PlatformTokenVerifier(JWTParser parser, boolean remoteKeys, int maxEntries, Duration ttl, LongSupplier clock) {
        this.parser = parser;
        this.remoteKeys = remoteKeys;
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
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
     */
    public Verification known(String token) {
        return remembered(token);
    }

    /** Verifies the token the route's API found in the request ({@code ApiStyle.credentials}). */
    public Verification verify(String token) {
        Verification known = remembered(token);
        if (known != null) {
            return known;
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            Verification verification = new Verification(token, jwt.getSubject(), String.join(",", jwt.getGroups()));
            remember(token, verification, jwt.getExpirationTime());
            return verification;
        } catch (ParseException | RuntimeException e) {
            return Verification.INVALID;
        }
    }

    private Verification remembered(String token) {
        Remembered entry = verified.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.getAsLong() >= entry.validUntilMillis) {
            verified.remove(token, entry);
            return null;
        }
        return entry.verification;
    }

    private void remember(String token, Verification verification, long expiresAtSeconds) {
        if (maxEntries <= 0) {
            return;
        }
        long now = clock.getAsLong();
        long until = Math.min(now + ttlMillis, expiresAtSeconds > 0 ? expiresAtSeconds * 1000 : now);
        if (until <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.clear(); // bounded without bookkeeping: the clients still active come back within one TTL
        }
        verified.put(token, new Remembered(verification, until));
    }

    private record Remembered(Verification verification, long validUntilMillis) {
    }

    /** Outcome of looking for and checking a token. */
    public record Verification(String token, String subject, String groups) {
        public static final Verification INVALID = new Verification("", null, null);

        public boolean valid() {
            return subject != null;
        }
    }
}
