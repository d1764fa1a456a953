package org.onboarding.gateway.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.gateway.GatewayConfig;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues platform tokens for local use (dev, tests, ./platform): client id + secret checked against a bcrypt hash
 * from config, then an RS256 JWT with the account's roles, organisations and tenants. Production uses an external
 * OIDC provider; this issuer is off there.
 */
@ApplicationScoped
public class TokenIssuer {

    // compared against when the account is unknown, so a wrong id costs as much as a wrong secret
    private static final class DummyHash {
        // made on first use, not at start-up: a bcrypt hash costs ~0.1 s of a cold JVM's start
        static final String VALUE = BcryptUtil.bcryptHash(UUID.randomUUID().toString());
    }

    private final GatewayConfig.TokenIssuer config;

    public TokenIssuer(GatewayConfig config) {
        this.config = config.tokenIssuer();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** A token for the account, or empty when the id or secret is wrong. Blocking: bcrypt costs ~50 ms. */
    public Optional<IssuedToken> issue(String accountId, String secret) {
        if (accountId == null || secret == null) {
            return Optional.empty();
        }
        GatewayConfig.Account account = config.accounts().get(accountId);
        boolean matches = BcryptUtil.matches(secret, account == null ? DummyHash.VALUE : account.secretHash());
        if (account == null || !matches) {
            return Optional.empty();
        }
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(config.lifetime());
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(accountId)
                .upn(accountId)
                .groups(account.groups())
                .claim("orgs", account.orgs())
                .claim("tenants", account.tenants())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .sign();
        return Optional.of(new IssuedToken(token, accountId, issuedAt, expiresAt, account.groups(), account.orgs(),
                account.tenants()));
    }

    public record IssuedToken(String token, String subject, Instant issuedAt, Instant expiresAt,
                              java.util.Set<String> groups, java.util.List<String> orgs, java.util.List<String> tenants) {

        public boolean admin() {
            return groups.contains("admin");
        }
    }
}
