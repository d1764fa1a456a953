package org.onboarding.ziti.apisession;

import lombok.RequiredArgsConstructor;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.Rows;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.api.ZitiTime;
import org.onboarding.ziti.ca.CaEnrollment;
import org.onboarding.ziti.signing.EdgeCa;
import org.onboarding.ziti.signing.ZitiConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * API sessions (legacy {@code zt-session} tokens): created by {@code /authenticate}, kept alive by use, gone after
 * {@code ziti.api-session.timeout} of inactivity. The token is stored only as its SHA-256.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ApiSessionService {

    /** A resolved API session: who is calling, on which API session. */
    public record Caller(String apiSessionId, String identityId) {
    }

    /** Compared against when the username is unknown, so both paths cost one bcrypt check. */
    private static final class DummyHash {
        // made on first use, not at start-up: a bcrypt hash costs ~0.1 s of a cold JVM's start
        static final String VALUE = BcryptUtil.bcryptHash(UUID.randomUUID().toString());
    }

    private final Pool pool;
    private final EdgeCa edgeCa;
    private final ZitiConfig config;
    private final CaEnrollment thirdParty;

    public Uni<Map<String, Object>> authenticatePassword(String username, String password, String ip) {
        return pool.preparedQuery("SELECT a.id, a.identity_id, a.password_hash, i.disabled FROM authenticator a "
                        + "JOIN identity i ON i.id = a.identity_id WHERE a.method = 'updb' AND a.username = $1")
                .execute(Tuple.of(username))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(row -> {
                    // bcrypt is slow by design: checked on a worker thread, never on the event loop
                    boolean ok = BcryptUtil.matches(password, row == null ? DummyHash.VALUE : row.getString("password_hash"));
                    if (!ok || row == null || row.getBoolean("disabled")) {
                        throw invalidAuth();
                    }
                    return row;
                })
                .flatMap(row -> create(row.getString("identity_id"), row.getString("id"), ip));
    }

    /**
     * A certificate the edge CA issued must be the one issued at enrollment (by SHA-1 fingerprint). Any other
     * certificate goes to the third-party CAs ({@link CaEnrollment}), which may enroll it on first use.
     */
    public Uni<Map<String, Object>> authenticateCert(List<X509Certificate> chain, String ip) {
        if (chain.isEmpty()) {
            return Uni.createFrom().failure(invalidAuth());
        }
        X509Certificate cert = chain.get(0);
        Uni<CaEnrollment.CertificateOwner> owner = edgeCa.issued(cert)
                ? pool.preparedQuery("SELECT a.id, a.identity_id, i.disabled FROM authenticator a "
                        + "JOIN identity i ON i.id = a.identity_id WHERE a.method = 'cert' AND a.cert_fingerprint = $1")
                .execute(Tuple.of(EdgeCa.fingerprint(cert)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw invalidAuth();
                    }
                    Row row = rows.iterator().next();
                    return new CaEnrollment.CertificateOwner(row.getString("identity_id"), row.getString("id"),
                            row.getBoolean("disabled"));
                })
                : thirdParty.authenticate(chain);
        return owner.flatMap(found -> {
            if (found.disabled()) {
                throw invalidAuth();
            }
            return create(found.identityId(), found.authenticatorId(), ip);
        });
    }

    private Uni<Map<String, Object>> create(String identityId, String authenticatorId, String ip) {
        String id = ZitiIds.shortId();
        String token = UUID.randomUUID().toString();
        return pool.preparedQuery("INSERT INTO api_session (id, token_hash, identity_id, authenticator_id, ip_address, "
                        + "created_at, updated_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, now(), now(), now())")
                .execute(Tuple.of(id, hash(token), identityId, authenticatorId, ip == null ? "" : ip))
                .flatMap(ignored -> detail(id, token));
    }

    /** upstream {@code currentApiSessionDetail}: the caller's own API session, with the token it presented. */
    public Uni<Map<String, Object>> detail(String id, String token) {
        return pool.preparedQuery(ApiSessionQueries.SELECT + " WHERE s.id = $1").execute(Tuple.of(id)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, null); // ended while this request ran
            }
            Row row = rows.iterator().next();
            Map<String, Object> d = ApiSessionQueries.render(row, token);
            long timeout = config.apiSession().timeout().toSeconds();
            d.put("_links", Map.of("self", new Links.Link("./current-api-session")));
            d.put("expirationSeconds", timeout);
            d.put("expiresAt", ZitiTime.format(Rows.instant(row, "last_activity_at").plusSeconds(timeout)));
            return d;
        });
    }

    /** Logout ({@code DELETE /current-api-session}) and the management delete: its sessions go by FK cascade. */
    public Uni<java.time.Instant> lastServiceChange() {
        return pool.query("SELECT last_change_at FROM service_change").execute()
                .map(rows -> Rows.instant(rows.iterator().next(), "last_change_at"));
    }

    public Uni<Void> delete(String id) {
        return Listing.delete(pool, "api_session", id, "apiSession");
    }

    /**
     * Resolves a presented token and records the activity in one conditional UPDATE: a session idle past the timeout
     * is not touched, and is deleted instead (its sessions go with it by FK cascade). Null means 401.
     */
    public Uni<Caller> resolve(String token) {
        String hash = hash(token);
        double timeout = config.apiSession().timeout().toMillis() / 1000.0;
        return pool.preparedQuery("UPDATE api_session s SET last_activity_at = now() FROM identity i "
                        + "WHERE s.token_hash = $1 AND i.id = s.identity_id AND NOT i.disabled "
                        + "AND s.last_activity_at > now() - make_interval(secs => $2) RETURNING s.id, s.identity_id")
                .execute(Tuple.of(hash, timeout))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        Row row = rows.iterator().next();
                        return Uni.createFrom().item(new Caller(row.getString("id"), row.getString("identity_id")));
                    }
                    return pool.preparedQuery("DELETE FROM api_session WHERE token_hash = $1 "
                                    + "AND last_activity_at <= now() - make_interval(secs => $2)")
                            .execute(Tuple.of(hash, timeout))
                            .map(ignored -> (Caller) null);
                });
    }

    static ApiException invalidAuth() {
        return new ApiException(ErrorCode.INVALID_AUTH, null);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
