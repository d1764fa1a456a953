package org.onboarding.ziti.enrollment;

import lombok.RequiredArgsConstructor;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Failures;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.ca.CaCertificates;
import org.onboarding.ziti.ca.CaEnrollment;
import org.onboarding.ziti.signing.EdgeCa;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Completing an enrollment on the client API (README, How the client API authenticates): the enrollment row is consumed by one conditional
 * {@code DELETE ... RETURNING} and the authenticator is inserted in the same transaction, so a token works once even
 * under concurrent use, and a failure leaves the enrollment in place.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentCompletion {

    private static final String CONSUME = "DELETE FROM enrollment WHERE token = $1 AND method = $2 "
            + "AND identity_id IS NOT NULL AND expires_at > now() RETURNING identity_id, username, ca_id";

    private final Pool pool;
    private final EdgeCa edgeCa;

    /** UPDB: the password is hashed (bcrypt, on a worker thread) before the transaction starts. */
    public Uni<Void> completeUpdb(String token, String password) {
        return Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(hash -> pool.withTransaction(conn -> consume(conn, token, "updb").flatMap(row ->
                        conn.preparedQuery("INSERT INTO authenticator (id, identity_id, method, username, password_hash, "
                                        + "created_at, updated_at) VALUES ($1, $2, 'updb', $3, $4, now(), now())")
                                .execute(Tuple.of(ZitiIds.shortId(), row.getString("identity_id"),
                                        row.getString("username"), hash)))))
                .onFailure(e -> Failures.violates(e, "authenticator_username_uq"))
                .transform(e -> ApiException.invalidField("username", "username is already in use", null))
                .onFailure(e -> Failures.violates(e, "authenticator_identity_method_uq"))
                .transform(e -> ApiException.invalidField("method", "identity already has an updb authenticator", "updb"))
                .replaceWithVoid();
    }

    /** OTT: the CSR is checked before the token is touched; the certificate is signed for the consumed identity. */
    public Uni<String> completeOtt(String token, String csrPem) {
        try {
            edgeCa.checkCsr(csrPem);
        } catch (EdgeCa.InvalidCsrException e) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.MISSING_OR_INVALID_CSR,
                    ApiException.unhandledCause(e.getMessage())));
        }
        return pool.withTransaction(conn -> consume(conn, token, "ott").flatMap(row -> {
            String identityId = row.getString("identity_id");
            X509Certificate cert;
            String pem;
            try {
                cert = edgeCa.signClientCertificate(csrPem, identityId);
                pem = EdgeCa.pem(cert);
            } catch (EdgeCa.InvalidCsrException | GeneralSecurityException e) {
                throw new ApiException(ErrorCode.COULD_NOT_PROCESS_CSR, ApiException.unhandledCause(e.getMessage()));
            }
            return conn.preparedQuery("INSERT INTO authenticator (id, identity_id, method, cert_fingerprint, cert_pem, "
                            + "created_at, updated_at) VALUES ($1, $2, 'cert', $3, $4, now(), now())")
                    .execute(Tuple.of(ZitiIds.shortId(), identityId, EdgeCa.fingerprint(cert), pem))
                    .map(ignored -> pem);
        })).onFailure(e -> Failures.violates(e, "authenticator_identity_method_uq"))
                .transform(e -> ApiException.invalidField("method", "identity already has a cert authenticator", "ott"));
    }

    /**
     * OTTCA: the client presents a certificate issued by the enrollment's CA instead of a CSR. The token is consumed
     * and the certificate authenticator inserted in one transaction; every refusal after the consuming DELETE rolls
     * it back, so the token stays usable. Checked as upstream: the CA must still allow OTTCA enrollment, the
     * certificate must chain to it (and allow client authentication), and no identity may have that certificate yet.
     */
    public Uni<Void> completeOttca(String token, List<X509Certificate> chain) {
        return pool.withTransaction(conn -> consume(conn, token, "ottca").flatMap(row -> {
            String identityId = row.getString("identity_id");
            String caId = row.getString("ca_id");
            return conn.preparedQuery("SELECT cert_pem, is_ott_ca_enrollment_enabled FROM ca WHERE id = $1")
                    .execute(Tuple.of(caId))
                    .flatMap(cas -> {
                        if (!cas.iterator().hasNext()) {
                            throw new ApiException(ErrorCode.INVALID_ENROLLMENT_TOKEN, null);
                        }
                        Row ca = cas.iterator().next();
                        if (!ca.getBoolean("is_ott_ca_enrollment_enabled")) {
                            throw new ApiException(ErrorCode.ENROLLMENT_CA_NOT_VALID, null);
                        }
                        if (chain.isEmpty() || !chainsToCa(chain, ca.getString("cert_pem"))) {
                            throw new ApiException(ErrorCode.CERTIFICATE_FAILED_VALIDATION, null);
                        }
                        String fingerprint = CaCertificates.fingerprint(chain.get(0));
                        return conn.preparedQuery("INSERT INTO authenticator (id, identity_id, method, cert_fingerprint, "
                                        + "cert_pem, ca_id, created_at, updated_at) "
                                        + "VALUES ($1, $2, 'cert', $3, $4, $5, now(), now()) "
                                        + "ON CONFLICT (cert_fingerprint) WHERE method = 'cert' DO NOTHING RETURNING id")
                                .execute(Tuple.of(ZitiIds.shortId(), identityId, fingerprint,
                                        CaEnrollment.pemChain(chain), caId))
                                .map(inserted -> {
                                    if (!inserted.iterator().hasNext()) {
                                        throw new ApiException(ErrorCode.CERT_IN_USE,
                                                Map.of("fingerprint", fingerprint));
                                    }
                                    return null;
                                });
                    });
        })).onFailure(e -> Failures.violates(e, "authenticator_identity_method_uq"))
                .transform(e -> ApiException.invalidField("method", "identity already has a cert authenticator", "ottca"))
                .replaceWithVoid();
    }

    private static boolean chainsToCa(List<X509Certificate> chain, String caPem) {
        try {
            return CaCertificates.chainsTo(chain, CaCertificates.parse(caPem).get(0), true);
        } catch (CaCertificates.InvalidCertificateException e) {
            return false;
        }
    }

    /**
     * The single statement that decides who wins. When it deletes nothing, a read tells the loser why, with
     * upstream's codes: expired → ENROLLMENT_EXPIRED, another method → INVALID_ENROLL_METHOD, else (unknown or
     * already used) → INVALID_ENROLLMENT_TOKEN.
     */
    private Uni<Row> consume(SqlConnection conn, String token, String method) {
        return conn.preparedQuery(CONSUME).execute(Tuple.of(token, method)).flatMap(rows -> {
            if (rows.iterator().hasNext()) {
                return Uni.createFrom().item(rows.iterator().next());
            }
            return conn.preparedQuery("SELECT method, expires_at > now() AS live FROM enrollment WHERE token = $1")
                    .execute(Tuple.of(token)).map(found -> {
                        if (!found.iterator().hasNext()) {
                            throw new ApiException(ErrorCode.INVALID_ENROLLMENT_TOKEN, null);
                        }
                        Row existing = found.iterator().next();
                        if (!method.equals(existing.getString("method"))) {
                            throw new ApiException(ErrorCode.INVALID_ENROLL_METHOD, null);
                        }
                        if (!existing.getBoolean("live")) {
                            throw new ApiException(ErrorCode.ENROLLMENT_EXPIRED, null);
                        }
                        // unexpired and of this method but not deleted: a concurrent winner holds it
                        throw new ApiException(ErrorCode.INVALID_ENROLLMENT_TOKEN, null);
                    });
        });
    }

    public String caPem() {
        return edgeCa.certificatePem();
    }
}
