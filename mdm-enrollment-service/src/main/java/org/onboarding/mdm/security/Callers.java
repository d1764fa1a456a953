package org.onboarding.mdm.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds the {@link Caller} of the current request from its verified JWT (a request-scoped proxy), once per token text:
 * a Caller depends on nothing but the token's claims, and reading the custom {@code orgs} claim makes SmallRye throw
 * and catch an exception each time (a few % of a token creation's CPU). Whether the token is still acceptable is
 * decided for every request before this runs ({@link VerifiedTokenIdentityProvider}).
 */
@ApplicationScoped
public class Callers {

    private final JsonWebToken jwt;
    private final Cache<String, Caller> byToken;

    public Callers(JsonWebToken jwt, @ConfigProperty(name = "mdm.token-cache.max-entries") int maxEntries,
                   @ConfigProperty(name = "mdm.token-cache.ttl") Duration ttl) {
        this.jwt = jwt;
        this.byToken = maxEntries <= 0 ? null : Caffeine.newBuilder().maximumSize(maxEntries)
                .expireAfterWrite(ttl).executor(Runnable::run).build();
    }

    public Caller current() {
        String token = byToken == null ? null : jwt.getRawToken();
        return token == null ? read() : byToken.get(token, ignored -> read());
    }

    private Caller read() {
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        return Caller.of(jwt.getSubject(), groups, strings(jwt.getClaim("orgs")));
    }

    private static Set<String> strings(Object claim) {
        Set<String> values = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString string) {
                    values.add(string.getString());
                }
            }
        } else if (claim instanceof JsonString string) {
            values.add(string.getString());
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> values.add(String.valueOf(value)));
        } else if (claim instanceof String string) {
            values.add(string);
        }
        return values;
    }
}
