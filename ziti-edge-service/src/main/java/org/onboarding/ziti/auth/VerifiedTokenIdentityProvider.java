package org.onboarding.ziti.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import jakarta.inject.Singleton;
import org.onboarding.tokenmemory.VerifiedTokenMemory;
import org.onboarding.ziti.signing.ZitiConfig;

/**
 * This service's memory of verified platform JWTs ({@code ziti.token-cache.*}; README "How platform tokens are
 * verified"): SmallRye JWT verifies a token the first time, later requests with the same text skip the RS256 check.
 * The rules live in the shared {@link VerifiedTokenMemory}.
 */
@Singleton
public class VerifiedTokenIdentityProvider extends VerifiedTokenMemory {

    /** The {@code cache} tag of its Caffeine meters (cache_gets_total{result="hit"|"miss"}, ...). */
    static final String CACHE_NAME = "ziti_token_cache";

    public VerifiedTokenIdentityProvider(MpJwtValidator verifier, ZitiConfig config, MeterRegistry registry) {
        super(verifier, config.tokenCache().maxEntries(), config.tokenCache().ttl(), System::currentTimeMillis);
        monitor(registry, CACHE_NAME);
    }
}
