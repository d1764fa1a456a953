package org.onboarding.gateway.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remembered verifications: what they save, and that they never outlive the token or accept a forgery. */
class PlatformTokenVerifierTest {

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private DefaultJWTParser parser;

    @BeforeEach
    void realParser() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(
                KeyUtils.readPublicKey("dev-keys/DEV-ONLY-jwt-public.pem"), TestTokens.ISSUER);
        context.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
        parser = new DefaultJWTParser(context) {
            @Override
            public JsonWebToken parse(String token) throws ParseException {
                signatureChecks.incrementAndGet();
                return super.parse(token);
            }
        };
    }

    /** Keys from a file, as in prod: the TTL does not bound an entry. */
    private PlatformTokenVerifier verifier(int maxEntries, Duration ttl) {
        return new PlatformTokenVerifier(parser, false, maxEntries, ttl, now::get, Runnable::run);
    }

    /** Keys from a JWKS URL: an entry lives at most the TTL, so a key removed there stops being trusted. */
    private PlatformTokenVerifier jwksVerifier(int maxEntries, Duration ttl) {
        return new PlatformTokenVerifier(parser, true, maxEntries, ttl, now::get, Runnable::run);
    }

    @Test
    void withAKeyFileAVerifiedTokenIsRememberedUntilItsExpWhateverTheTtl() {
        PlatformTokenVerifier verifier = verifier(100, Duration.ofMinutes(1));
        Instant exp = Instant.ofEpochMilli(now.get()).plus(Duration.ofHours(2));
        String token = TestTokens.token().subject("erin").expiresAt(exp).sign();
        assertTrue(verifier.verify(token).valid());

        now.addAndGet(Duration.ofMinutes(119).toMillis());
        assertEquals("erin", verifier.known(token).subject(), "the key file's key cannot change: no re-check");
        assertEquals(1, signatureChecks.get());

        now.set(exp.toEpochMilli() + 1);
        assertNull(verifier.known(token), "past its exp it is no longer taken from memory");
        verifier.verify(token); // (the parser checks exp on the real clock, not this test's)
        assertEquals(2, signatureChecks.get(), "it was verified again");
    }

    @Test
    void withJwksKeysAVerifiedTokenIsNotCheckedAgainWithinTheTtlOnly() {
        PlatformTokenVerifier verifier = jwksVerifier(100, Duration.ofMinutes(1));
        String token = TestTokens.token().subject("alice").groups("operator").sign();

        assertNull(verifier.known((token)), "never seen: must be verified");
        PlatformTokenVerifier.Verification first = verifier.verify((token));
        assertTrue(first.valid());
        assertEquals("alice", first.subject());
        assertEquals("operator", first.groups());
        assertSame(first, verifier.known((token)));
        assertSame(first, verifier.verify((token)));
        assertEquals(1, signatureChecks.get());

        now.addAndGet(Duration.ofSeconds(61).toMillis());
        assertNull(verifier.known((token)), "past the TTL the token is verified again");
        assertTrue(verifier.verify((token)).valid());
        assertEquals(2, signatureChecks.get());
    }

    @Test
    void aRememberedTokenStillExpiresAtItsExp() {
        PlatformTokenVerifier verifier = verifier(100, Duration.ofHours(1));
        String token = TestTokens.token().subject("bob").expiresAt(Instant.ofEpochMilli(now.get()).plusSeconds(5)).sign();
        assertTrue(verifier.verify((token)).valid());
        now.addAndGet(4_000);
        assertTrue(verifier.known((token)).valid());
        now.addAndGet(2_000);
        assertNull(verifier.known((token)), "its exp has passed: no longer taken from memory");
    }

    @Test
    void refusedTokensAreNeverRemembered() {
        PlatformTokenVerifier verifier = verifier(100, Duration.ofMinutes(1));
        String valid = TestTokens.token().subject("carol").sign();
        String forged = TestTokens.token().subject("carol").signWithUnknownKey();
        assertTrue(verifier.verify((valid)).valid());
        for (int i = 0; i < 3; i++) {
            assertNull(verifier.known((forged)));
            assertFalse(verifier.verify((forged)).valid());
        }
        assertEquals(4, signatureChecks.get(), "the forgery was checked each time");
    }

    @Test
    void aTokenWithARememberedTokensSignatureButAnotherPayloadIsNotRemembered() {
        PlatformTokenVerifier verifier = verifier(100, Duration.ofMinutes(1));
        String valid = TestTokens.token().subject("dave").groups("viewer").sign();
        String[] parts = valid.split("\\.");
        // the same signature (the cache hashes a token by its end) on a payload that claims to be someone else
        String other = TestTokens.token().subject("mallory").groups("admin").sign().split("\\.")[1];
        String spliced = parts[0] + "." + other + "." + parts[2];
        assertTrue(verifier.verify(valid).valid());

        assertNull(verifier.known(spliced), "only the very same text is the remembered token");
        assertFalse(verifier.verify(spliced).valid());
        assertEquals("dave", verifier.known(valid).subject());
        assertEquals(2, signatureChecks.get(), "the spliced token was checked, not taken from memory");
    }

    @Test
    void theMemoryIsBoundedAndCanBeTurnedOff() {
        PlatformTokenVerifier bounded = verifier(2, Duration.ofMinutes(1));
        String a = TestTokens.token().subject("a").sign();
        String b = TestTokens.token().subject("b").sign();
        String c = TestTokens.token().subject("c").sign();
        bounded.verify((a));
        bounded.verify((b));
        bounded.verify((c)); // full: one of them is forgotten
        assertEquals(2, bounded.rememberedCount());
        assertEquals(2, Stream.of(a, b, c).filter(t -> bounded.known(t) != null).count());
        assertEquals("c", bounded.known((c)).subject());

        PlatformTokenVerifier off = verifier(0, Duration.ofMinutes(1));
        signatureChecks.set(0);
        off.verify((a));
        off.verify((a));
        assertNull(off.known((a)));
        assertEquals(2, signatureChecks.get());
    }

    @Test
    void manyDistinctTokensNeverGrowTheMemoryPastItsBound() {
        PlatformTokenVerifier bounded = verifier(50, Duration.ofMinutes(10));
        for (int i = 0; i < 500; i++) {
            assertTrue(bounded.verify(TestTokens.token().subject("client-" + i).sign()).valid());
            assertTrue(bounded.rememberedCount() <= 50, "remembered " + bounded.rememberedCount() + " after " + (i + 1));
        }
        assertEquals(50, bounded.rememberedCount());
        assertEquals(500, signatureChecks.get());
    }

    @Test
    void aRememberedTokenIsRefusedAfterItsExpEvenWithALongerTtl() {
        PlatformTokenVerifier verifier = verifier(100, Duration.ofHours(1));
        Instant exp = Instant.ofEpochMilli(now.get()).plusSeconds(30);
        String token = TestTokens.token().subject("dave").expiresAt(exp).sign();
        assertTrue(verifier.verify(token).valid());
        now.addAndGet(29_000);
        assertTrue(verifier.verify(token).valid());
        assertEquals(1, signatureChecks.get(), "still remembered before its exp");

        now.set(exp.toEpochMilli() + 1_000);
        assertNull(verifier.known(token), "past its exp the token is no longer taken from memory");
        assertEquals(0, verifier.rememberedCount());
    }
}
