package org.onboarding.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Real RS256 tokens for tests, signed with the DEV-ONLY private key, in the platform's one JWT format
 * ({@code iss}, {@code aud}, {@code sub}, {@code exp}, {@code iat}, {@code jti}, {@code groups}, {@code orgs},
 * {@code tenants}). Tests go through the services' real verification path, not a mocked identity.
 */
public final class TestTokens {

    public static final String ISSUER = "https://onboarding.local/auth";
    public static final String AUDIENCE = "onboarding-platform";

    private static final PrivateKey DEV_KEY = loadDevKey();

    private String subject = "test-user";
    private Set<String> groups = Set.of();
    private List<String> orgs = List.of("*");
    private List<String> tenants = List.of("*");
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private Instant expiresAt = Instant.now().plusSeconds(3600);

    private TestTokens() {
    }

    public static TestTokens token() {
        return new TestTokens();
    }

    public static String admin() {
        return token().subject("admin").groups("admin").sign();
    }

    public static String operator() {
        return token().subject("operator").groups("operator").sign();
    }

    public static String viewer() {
        return token().subject("viewer").groups("viewer").sign();
    }

    public TestTokens subject(String subject) {
        this.subject = subject;
        return this;
    }

    public TestTokens groups(String... groups) {
        this.groups = Set.of(groups);
        return this;
    }

    public TestTokens orgs(String... orgs) {
        this.orgs = List.of(orgs);
        return this;
    }

    public TestTokens tenants(String... tenants) {
        this.tenants = List.of(tenants);
        return this;
    }

    public TestTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestTokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    public TestTokens expiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    /** Signed with the DEV-ONLY key the services trust in the test profile. */
    public String sign() {
        return sign(DEV_KEY);
    }

    /** Signed with another key: a well-formed token that must be rejected. */
    public String signWithUnknownKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair other = generator.generateKeyPair();
            return sign(other.getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with {@code alg: none} and no signature: must be rejected. */
    public String unsigned() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + subject
                + "\",\"exp\":" + expiresAt.getEpochSecond() + ",\"groups\":[\"admin\"],\"orgs\":[\"*\"],"
                + "\"tenants\":[\"*\"]}");
        return header + "." + payload + ".";
    }

    /**
     * Tokens that look like {@code genuine} (an admin token that verified) but must be refused, each for another
     * reason: a viewer's claims under its signature, its text with one more character, the same claims signed by an
     * unknown key, and unsigned ({@code alg: none}). For tests of a memory of verified tokens.
     */
    public static List<String> forgeriesOf(String genuine) {
        String[] parts = genuine.split("\\.");
        String[] viewer = token().subject("viewer").groups("viewer").sign().split("\\.");
        return List.of(
                parts[0] + "." + viewer[1] + "." + parts[2],
                genuine + "A",
                token().subject("remembered").groups("admin").signWithUnknownKey(),
                token().subject("remembered").groups("admin").unsigned());
    }

    private String sign(PrivateKey key) {
        Instant issuedAt = expiresAt.minusSeconds(3600).isBefore(Instant.now())
                ? expiresAt.minusSeconds(3600) : Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(groups)
                .claim("orgs", orgs)
                .claim("tenants", tenants)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(expiresAt);
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey loadDevKey() {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream("dev-keys/DEV-ONLY-jwt-private.pem")) {
            if (in == null) {
                throw new IllegalStateException("dev-keys/DEV-ONLY-jwt-private.pem is not on the test classpath");
            }
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("dev private key unreadable", e);
        }
    }
}
