package org.onboarding.mdm.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.onboarding.tokenmemory.VerifiedTokenMemory;

import java.time.Duration;

/**
 * This service's memory of verified platform JWTs ({@code mdm.token-cache.*}; README "How platform tokens are
 * verified"): SmallRye JWT verifies a token the first time, later requests with the same text skip the RS256 check.
 * The rules live in the shared {@link VerifiedTokenMemory}.
 */
@Singleton
public class VerifiedTokenIdentityProvider extends VerifiedTokenMemory {

    /** The {@code cache} tag of its Caffeine meters (cache_gets_total{result="hit"|"miss"}, ...). */
    static final String CACHE_NAME = "mdm_token_cache";

    public VerifiedTokenIdentityProvider(MpJwtValidator verifier,
                                         @ConfigProperty(name = "mdm.token-cache.max-entries") int maxEntries,
                                         @ConfigProperty(name = "mdm.token-cache.ttl") Duration ttl,
                                         MeterRegistry registry) {
        super(verifier, maxEntries, ttl, System::currentTimeMillis);
        monitor(registry, CACHE_NAME);
    }
}
