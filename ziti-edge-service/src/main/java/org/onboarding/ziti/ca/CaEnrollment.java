package org.onboarding.ziti.ca;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.ZitiIds;

import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Certificates issued by third-party CAs: certificate login and auto-CA enrollment.
 * <p>
 * A login with a certificate that chains to a verified CA with authentication on finds its identity by the
 * certificate's fingerprint. When there is none and the CA has auto-enrollment on, the identity is created first
 * (named by the CA's {@code identityNameFormat}, role attributes = the CA's {@code identityRoles}) with a certificate
 * authenticator for that fingerprint, in one transaction. The unique fingerprint index decides concurrent first
 * logins: the authenticator insert of a loser does nothing, its transaction (and its identity) is rolled back, and it
 * logs in with the winner's authenticator, so exactly one identity exists.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class CaEnrollment {

    /** Who a certificate login is: the identity and the authenticator that matched. */
    public record CertificateOwner(String identityId, String authenticatorId, boolean disabled) {
    }

    /** A CA a presented certificate chains to, with what auto-enrollment needs. */
    record TrustedCa(String id, String name, boolean autoEnrollment, String identityRoles, String nameFormat) {
    }

    /** The fingerprint was taken by a concurrent enrollment: this transaction must not commit. */
    private static final class FingerprintTaken extends RuntimeException {
        FingerprintTaken() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_NAME_SUFFIX = 1000;
    private static final int MAX_NAME_LENGTH = 240;
    private static final String CA_COLUMNS = "SELECT id, name, cert_pem, is_auto_ca_enrollment_enabled, identity_roles, "
            + "identity_name_format FROM ca WHERE ";

    private final Pool pool;

    /**
     * Login with a third-party certificate (upstream's third-party trust pool: verified CAs with authentication on),
     * enrolling it on first use when its CA allows auto-enrollment. Any refusal is 401 {@code INVALID_AUTH}.
     */
    public Uni<CertificateOwner> authenticate(List<X509Certificate> chain) {
        String fingerprint = CaCertificates.fingerprint(chain.get(0));
        return trustedCa(chain, "is_verified AND is_auth_enabled", false).flatMap(ca -> {
            if (ca == null) {
                throw invalidAuth();
            }
            return owner(fingerprint).flatMap(owner -> {
                if (owner != null) {
                    return Uni.createFrom().item(owner);
                }
                if (!ca.autoEnrollment() || !CaCertificates.allowsClientAuth(chain.get(0))) {
                    throw invalidAuth();
                }
                return enroll(ca, chain)
                        .onFailure(FingerprintTaken.class).recoverWithUni(() -> owner(fingerprint))
                        .map(created -> {
                            if (created == null) {
                                throw invalidAuth();
                            }
                            return created;
                        });
            });
        });
    }

    /**
     * {@code POST /enroll/ca}: explicit auto-CA enrollment (verified CAs with auto-enrollment on; the certificate
     * must allow client authentication). Errors as upstream: no such CA at all → {@code ENROLLMENT_NO_VALID_CAS},
     * none it chains to → {@code CERT_FAILED_VALIDATION}, fingerprint already enrolled → 409 {@code CERT_IN_USE}.
     */
    public Uni<Void> enroll(List<X509Certificate> chain) {
        String condition = "is_verified AND is_auto_ca_enrollment_enabled";
        return pool.preparedQuery("SELECT count(*) FROM ca WHERE " + condition).execute().flatMap(count -> {
            if (count.iterator().next().getLong(0) == 0) {
                throw new ApiException(ErrorCode.ENROLLMENT_NO_VALID_CAS, null);
            }
            if (chain.isEmpty()) {
                throw new ApiException(ErrorCode.CERT_FAILED_VALIDATION, null);
            }
            return trustedCa(chain, condition, true);
        }).flatMap(ca -> {
            if (ca == null) {
                throw new ApiException(ErrorCode.CERT_FAILED_VALIDATION, null);
            }
            return enroll(ca, chain).onFailure(FingerprintTaken.class)
                    .transform(e -> new ApiException(ErrorCode.CERT_IN_USE, null));
        }).replaceWithVoid();
    }

    /** The identity a certificate fingerprint belongs to, or null. */
    private Uni<CertificateOwner> owner(String fingerprint) {
        return pool.preparedQuery("SELECT a.id, a.identity_id, i.disabled FROM authenticator a "
                        + "JOIN identity i ON i.id = a.identity_id WHERE a.method = 'cert' AND a.cert_fingerprint = $1")
                .execute(Tuple.of(fingerprint))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new CertificateOwner(row.getString("identity_id"), row.getString("id"),
                            row.getBoolean("disabled"));
                });
    }

    /** The first CA matching the condition (a fixed SQL text) that the chain leads to; null when there is none. */
    private Uni<TrustedCa> trustedCa(List<X509Certificate> chain, String condition, boolean clientAuth) {
        return pool.preparedQuery(CA_COLUMNS + condition + " ORDER BY id").execute().map(rows -> {
            for (Row row : rows) {
                X509Certificate caCertificate;
                try {
                    caCertificate = CaCertificates.parse(row.getString("cert_pem")).get(0);
                } catch (CaCertificates.InvalidCertificateException e) {
                    continue;
                }
                if (CaCertificates.chainsTo(chain, caCertificate, clientAuth)) {
                    return new TrustedCa(row.getString("id"), row.getString("name"),
                            row.getBoolean("is_auto_ca_enrollment_enabled"), row.getString("identity_roles"),
                            row.getString("identity_name_format"));
                }
            }
            return null;
        });
    }

    /** Creates the identity and its certificate authenticator; fails with FingerprintTaken if another got there first. */
    private Uni<CertificateOwner> enroll(TrustedCa ca, List<X509Certificate> chain) {
        X509Certificate certificate = chain.get(0);
        String identityId = ZitiIds.shortId();
        String authenticatorId = ZitiIds.shortId();
        String name = IdentityNameFormat.format(ca.nameFormat(), ca.name(), ca.id(), CaService.commonName(certificate),
                identityId, identityId).replace("\0", "");
        String baseName = name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
        String pem = pemChain(chain);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(conn -> insertIdentity(conn, identityId, baseName, 0, ca.identityRoles(), now)
                .flatMap(ignored -> conn.preparedQuery("INSERT INTO authenticator (id, identity_id, method, "
                                + "cert_fingerprint, cert_pem, ca_id, created_at, updated_at) "
                                + "VALUES ($1, $2, 'cert', $3, $4, $5, $6, $6) "
                                + "ON CONFLICT (cert_fingerprint) WHERE method = 'cert' DO NOTHING RETURNING id")
                        .execute(Tuple.from(List.of(authenticatorId, identityId, CaCertificates.fingerprint(certificate), pem,
                                ca.id(), now))))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new FingerprintTaken();
                    }
                    return new CertificateOwner(identityId, authenticatorId, false);
                }));
    }

    /**
     * Inserts the identity under the formatted name, or, when that name is taken, under the name followed by a
     * six-digit counter (000001, 000002, ...), as upstream does. The unique name index decides, never a prior read.
     */
    private Uni<String> insertIdentity(SqlConnection conn, String id, String baseName, int attempt, String roles,
                                       OffsetDateTime now) {
        String name = attempt == 0 ? baseName : baseName + String.format("%06d", attempt);
        return conn.preparedQuery("INSERT INTO identity (id, name, type, is_admin, role_attributes, created_at, "
                        + "updated_at) VALUES ($1, $2, 'Default', false, $3, $4, $4) "
                        + "ON CONFLICT (name) DO NOTHING RETURNING id")
                .execute(Tuple.of(id, name, roles, now))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        return Uni.createFrom().item(name);
                    }
                    if (attempt >= MAX_NAME_SUFFIX) {
                        return Uni.createFrom().failure(ApiException.couldNotValidate("name",
                                "duplicate value in unique index", baseName));
                    }
                    return insertIdentity(conn, id, baseName, attempt + 1, roles, now);
                });
    }

    /** The presented chain as PEM, client certificate first (what the authenticator keeps). */
    public static String pemChain(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        chain.forEach(certificate -> pem.append(CaCertificates.pem(certificate)));
        return pem.toString();
    }

    private static ApiException invalidAuth() {
        return new ApiException(ErrorCode.INVALID_AUTH, null);
    }
}
