package org.onboarding.gateway.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.MultiMap;
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
 * Finds the platform JWT in whichever header the client's API uses and verifies it with SmallRye JWT: RS256
 * signature against the configured key (parsed once and cached by SmallRye), {@code exp}, {@code iss} and
 * {@code aud}. {@code alg: none} and other algorithms are refused because only RS256 is accepted.
 * <p>
 * Verifying costs ~40 µs of CPU per request, most of it the RSA signature: tokens that verified are remembered by
 * their exact text until their {@code exp}, at most {@code gateway.token-cache.ttl}, so a client's next requests
 * skip the signature check. Only successes are remembered (a forged token is never in the cache), the cache is
 * bounded ({@code gateway.token-cache.max-entries}; when full it starts over), and {@code max-entries=0} turns it off.
 * With keys from a JWKS URL a key removed there stops being trusted for cached tokens within the TTL.
 */
@ApplicationScoped
public class PlatformTokenVerifier {

    /** OpenZiti clients send their session token here. */
    public static final String ZT_SESSION = "zt-session";
    /** FOLIO clients send their token here. */
    public static final String OKAPI_TOKEN = "x-okapi-token";

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
     * The outcome when it needs no verification: {@link Verification#MISSING} without a token, the remembered
     * outcome of a token verified before; null when the token must be verified ({@link #verify}).
     */
    public Verification known(MultiMap headers) {
        String token = extract(headers);
        return token == null ? Verification.MISSING : remembered(token);
    }

    public Verification verify(MultiMap headers) {
        String token = extract(headers);
        if (token == null) {
            return Verification.MISSING;
        }
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

    static String extract(MultiMap headers) {
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return nonBlank(authorization.substring(7).trim());
        }
        String zitiSession = headers.get(ZT_SESSION);
        if (zitiSession != null) {
            return nonBlank(zitiSession.trim());
        }
        String okapiToken = headers.get(OKAPI_TOKEN);
        return okapiToken == null ? null : nonBlank(okapiToken.trim());
    }

    private static String nonBlank(String value) {
        return value.isEmpty() ? null : value;
    }

    /** Outcome of looking for and checking a token. */
    public record Verification(String token, String subject, String groups) {
        static final Verification MISSING = new Verification(null, null, null);
        public static final Verification INVALID = new Verification("", null, null);

        public boolean valid() {
            return subject != null;
        }

        public boolean missing() {
            return token == null;
        }
    }
}
