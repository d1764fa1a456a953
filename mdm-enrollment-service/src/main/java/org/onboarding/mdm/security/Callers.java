package org.onboarding.mdm.security;

import lombok.RequiredArgsConstructor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Builds the {@link Caller} of the current request from its verified JWT (a request-scoped proxy). */
@ApplicationScoped
@RequiredArgsConstructor
public class Callers {

    private final JsonWebToken jwt;

    public Caller current() {
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
