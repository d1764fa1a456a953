package org.onboarding.gateway.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * Finds the platform JWT in whichever header the client's API uses and verifies it with SmallRye JWT: RS256
 * signature against the configured key (parsed once and cached by SmallRye), {@code exp}, {@code iss} and
 * {@code aud}. {@code alg: none} and other algorithms are refused because only RS256 is accepted.
 */
@ApplicationScoped
public class PlatformTokenVerifier {

    /** OpenZiti clients send their session token here. */
    public static final String ZT_SESSION = "zt-session";
    /** FOLIO clients send their token here. */
    public static final String OKAPI_TOKEN = "x-okapi-token";

    private final JWTParser parser;
    private final boolean remoteKeys;

    public PlatformTokenVerifier(JWTParser parser,
                                 @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation) {
        this.parser = parser;
        this.remoteKeys = keyLocation.map(l -> l.startsWith("http:") || l.startsWith("https:")).orElse(false);
    }

    /**
     * True when keys come from a JWKS URL: SmallRye then fetches (and refreshes) them with blocking I/O, so
     * verification must run off the event loop. A key file is parsed once and verifying costs ~40 µs of CPU.
     */
    public boolean mayBlock() {
        return remoteKeys;
    }

    public Verification verify(MultiMap headers) {
        String token = extract(headers);
        if (token == null) {
            return Verification.MISSING;
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            return new Verification(token, jwt.getSubject(), String.join(",", jwt.getGroups()));
        } catch (ParseException | RuntimeException e) {
            return Verification.INVALID;
        }
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
