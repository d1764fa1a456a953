package org.onboarding.tokenmemory;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The memory of verified tokens, on a clock the test moves: what it admits without asking the verifier, and that it
 * never admits a token the verifier would refuse at that moment (expired, never valid).
 */
class VerifiedTokenMemoryTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final AuthenticationRequestContext NO_CONTEXT = null;
    private static final String ROUTING_CONTEXT = "io.vertx.ext.web.RoutingContext";

    private final AtomicLong now = new AtomicLong(T0);
    /** The verifier: knows some tokens by text, each with its exp (epoch seconds); refuses the others and expired ones. */
    private final Map<String, Long> genuine = new HashMap<>();
    private final AtomicLong verifications = new AtomicLong();
    private final IdentityProvider<TokenAuthenticationRequest> verifier = new IdentityProvider<>() {
        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                                  AuthenticationRequestContext context) {
            verifications.incrementAndGet();
            String token = request.getToken().getToken();
            Long exp = genuine.get(token);
            if (exp == null || exp * 1000 <= now.get()) {
                return Uni.createFrom().failure(new AuthenticationFailedException("refused: " + token));
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("admin");
            claims.setExpirationTime(NumericDate.fromSeconds(exp));
            claims.setStringListClaim("groups", "admin");
            DefaultJWTCallerPrincipal principal = new DefaultJWTCallerPrincipal(claims);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(principal)
                    .addCredential(request.getToken()).addRoles(principal.getGroups())
                    .addAttribute("quarkus.user", principal)
                    // what SmallRye adds: the request's routing context (here a stand-in naming the request)
                    .addAttribute(ROUTING_CONTEXT, "request of " + verifications.get()).build());
        }
    };

    private final VerifiedTokenMemory provider =
            new VerifiedTokenMemory(verifier, 100, Duration.ofMinutes(1), now::get);

    private SecurityIdentity authenticate(String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), NO_CONTEXT)
                .await().indefinitely();
    }

    @Test
    void aTokenThatVerifiedIsAdmittedAgainWithoutVerifyingItsSignatureAgain() {
        genuine.put("token-a", T0 / 1000 + 3600);
        SecurityIdentity first = authenticate("token-a");
        SecurityIdentity second = authenticate("token-a");

        assertEquals(1, verifications.get());
        assertSame(first.getPrincipal(), second.getPrincipal());
        assertEquals(Set.of("admin"), second.getRoles());
        assertEquals("token-a", second.getCredential(JsonWebTokenCredential.class).getToken());
        assertEquals(1, provider.rememberedCount());
        // the first request's routing context is its own: not remembered, not handed to the next request
        assertEquals("request of 1", first.getAttribute(ROUTING_CONTEXT));
        assertNull(second.getAttribute(ROUTING_CONTEXT));
        assertSame(first.getPrincipal(), second.getAttribute("quarkus.user"));
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsExpHasPassed() {
        verifiedOnceThenRemembered("short-lived", T0 / 1000 + 10, 9_999);

        now.set(T0 + 10_000);
        assertThrows(AuthenticationFailedException.class, () -> authenticate("short-lived"));
        assertEquals(2, verifications.get());
        assertEquals(0, provider.rememberedCount());
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        genuine.put("token-a", T0 / 1000 + 3600);
        authenticate("token-a");
        for (String forged : new String[] {"token-b", "token-a ", "token-A"}) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(forged));
            assertThrows(AuthenticationFailedException.class, () -> authenticate(forged));
        }
        assertEquals(1 + 6, verifications.get());
        assertEquals(1, provider.rememberedCount());
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheTtl() {
        verifiedOnceThenRemembered("day-long", T0 / 1000 + 86_400, 59_000);

        now.set(T0 + 60_000);
        authenticate("day-long");
        assertEquals(2, verifications.get());
    }

    @Test
    void withNoEntriesEveryRequestIsVerified() {
        VerifiedTokenMemory off = new VerifiedTokenMemory(verifier, 0, Duration.ofMinutes(1), now::get);
        genuine.put("token-a", T0 / 1000 + 3600);
        for (int i = 0; i < 3; i++) {
            off.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential("token-a")), NO_CONTEXT)
                    .await().indefinitely();
        }
        assertEquals(3, verifications.get());
    }

    /** The token (exp in epoch seconds) is verified at T0, then answered from memory at T0 + {@code laterMillis}. */
    private void verifiedOnceThenRemembered(String token, long exp, long laterMillis) {
        genuine.put(token, exp);
        authenticate(token);
        now.set(T0 + laterMillis);
        authenticate(token);
        assertEquals(1, verifications.get());
    }
}
