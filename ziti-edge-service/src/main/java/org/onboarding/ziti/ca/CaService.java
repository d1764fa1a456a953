package org.onboarding.ziti.ca;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.ApiException;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ErrorCode;
import org.onboarding.ziti.api.Failures;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.api.Updates;
import org.onboarding.ziti.api.ZitiIds;
import org.onboarding.ziti.signing.ControllerSigner;
import org.onboarding.ziti.zitiql.FilterableFields;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Third-party CAs (management {@code /cas}): create from a CA certificate, PUT/PATCH of the switches and the
 * auto-enrollment settings (one UPDATE each), proof of possession ({@code verify}), the CA's enrollment JWT, delete.
 * The unique indexes on name and fingerprint decide duplicates; verification is one conditional UPDATE.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class CaService {

    public static final FilterableFields FIELDS = FilterableFields.baseEntity("c")
            .strings("name", "fingerprint")
            .bools("isVerified")
            .strings("verificationToken")
            .bools("isAutoCaEnrollmentEnabled", "isOttCaEnrollmentEnabled", "isAuthEnabled");

    static final String FROM = "FROM ca c";
    static final String SELECT = "SELECT c.* " + FROM;
    public static final ListSource LIST = ListSource.table("ca", "c", FIELDS);
    private static final String NAME_INDEX = "ca_name_uq";
    private static final String FINGERPRINT_INDEX = "ca_fingerprint_uq";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final Pool pool;
    private final ControllerSigner signer;

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.list(pool, LIST, params, CaService::detail);
    }

    public Uni<Map<String, Object>> detail(String id) {
        return Listing.detail(pool, SELECT, "c.id", id, "ca", CaService::detail);
    }

    /**
     * The first certificate of {@code certPem} must be a CA certificate; its SHA-1 fingerprint identifies the CA.
     * A name or certificate already in use is refused by the unique indexes, as upstream refuses it.
     */
    public Uni<String> create(CaFields fields) {
        X509Certificate certificate;
        try {
            certificate = CaCertificates.parse(fields.certPem()).get(0);
        } catch (CaCertificates.InvalidCertificateException e) {
            throw ApiException.invalidField("certPem", e.getMessage(), "");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new ApiException(ErrorCode.CERTIFICATE_IS_NOT_CA, ApiException.fieldCause("certPem",
                    "certificate is not a CA", certificate.getSubjectX500Principal().getName()));
        }
        String fingerprint = CaCertificates.fingerprint(certificate);
        String id = ZitiIds.shortId();
        OffsetDateTime now = now();
        return pool.preparedQuery("INSERT INTO ca (id, name, fingerprint, cert_pem, is_verified, verification_token, "
                        + "is_auto_ca_enrollment_enabled, is_ott_ca_enrollment_enabled, is_auth_enabled, identity_roles, "
                        + "identity_name_format, tags, created_at, updated_at) "
                        + "VALUES ($1, $2, $3, $4, false, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
                .execute(Tuple.from(List.of(id, fields.name(), fingerprint, fields.certPem(), UUID.randomUUID().toString(),
                        fields.isAutoCaEnrollmentEnabled(), fields.isOttCaEnrollmentEnabled(), fields.isAuthEnabled(),
                        JsonText.write(fields.identityRoles()), fields.identityNameFormat(), JsonText.write(fields.tags()),
                        now)))
                .map(rows -> id)
                .onFailure(e -> Failures.violates(e, FINGERPRINT_INDEX))
                .transform(e -> ApiException.invalidField("certPem", "certificate already used as a CA", fingerprint))
                .onFailure(e -> Failures.violates(e, NAME_INDEX))
                .transform(e -> ApiException.couldNotValidate("name", "duplicate value in unique index", fields.name()));
    }

    /**
     * PUT ({@code replace}: every updatable field) or PATCH (the fields the body names), in one UPDATE whose SET list
     * comes from a fixed column whitelist. The certificate, fingerprint and verification state never change here.
     */
    public Uni<Void> update(String id, CaFields fields, boolean replace) {
        return Updates.byId(pool, "ca", id, CaFields.UPDATABLE, fields, fields::has, replace)
                .onFailure(e -> Failures.violates(e, NAME_INDEX))
                .transform(e -> ApiException.couldNotValidate("name", "duplicate value in unique index", fields.name()))
                .map(count -> {
                    if (count == 0) {
                        throw ApiException.notFound("ca", id);
                    }
                    return null;
                });
    }

    /** Deleting a CA deletes its ottca enrollments and the certificate authenticators made from it (FK cascades). */
    public Uni<Void> delete(String id) {
        return Listing.delete(pool, "ca", id, "ca");
    }

    /** The CA's static enrollment JWT ({@code em: ca}); 404 for an unknown CA. */
    public Uni<String> jwt(String id) {
        return pool.preparedQuery("SELECT id FROM ca WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw ApiException.notFound("ca", id);
            }
            return signer.caJwt(id);
        });
    }

    /**
     * Proof that the caller holds the CA's key: a certificate the CA signed whose common name is the CA's
     * {@code verificationToken}. Checked in upstream's order; the flag is set by one UPDATE that only an unverified
     * CA with that token matches, so two concurrent verifications give one 200 and one 409.
     */
    public Uni<Void> verify(String id, String pem) {
        return pool.preparedQuery("SELECT cert_pem, is_verified, verification_token FROM ca WHERE id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("ca", id);
                    }
                    Row ca = rows.iterator().next();
                    if (ca.getBoolean("is_verified")) {
                        throw new ApiException(ErrorCode.CA_ALREADY_VERIFIED, null);
                    }
                    String token = ca.getString("verification_token");
                    X509Certificate verification = verificationCertificate(pem);
                    if (!token.equals(commonName(verification))) {
                        throw new ApiException(ErrorCode.INVALID_COMMON_NAME, null);
                    }
                    X509Certificate caCertificate;
                    try {
                        caCertificate = CaCertificates.parse(ca.getString("cert_pem")).get(0);
                    } catch (CaCertificates.InvalidCertificateException e) {
                        throw new ApiException(ErrorCode.CERTIFICATE_FAILED_VALIDATION,
                                ApiException.unhandledCause(e.getMessage()));
                    }
                    if (!CaCertificates.chainsTo(List.of(verification), caCertificate, false)) {
                        throw new ApiException(ErrorCode.CERTIFICATE_FAILED_VALIDATION,
                                ApiException.unhandledCause("the certificate is not signed by the CA or is not valid now"));
                    }
                    return pool.preparedQuery("UPDATE ca SET is_verified = true, updated_at = GREATEST($3, "
                                    + "updated_at + interval '1 millisecond') "
                                    + "WHERE id = $1 AND verification_token = $2 AND NOT is_verified")
                            .execute(Tuple.of(id, token, now()));
                })
                .map(updated -> {
                    if (updated.rowCount() == 0) {
                        throw new ApiException(ErrorCode.CA_ALREADY_VERIFIED, null);
                    }
                    return null;
                });
    }

    /** The first PEM block of the body, which must be a certificate; errors as upstream's verify reports them. */
    private static X509Certificate verificationCertificate(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new ApiException(ErrorCode.COULD_NOT_PARSE_BODY, ApiException.unhandledCause("no certificate supplied"));
        }
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find()) {
            throw new ApiException(ErrorCode.COULD_NOT_PARSE_BODY, ApiException.unhandledCause("no PEM block found"));
        }
        if (!"CERTIFICATE".equals(block.group(1))) {
            throw new ApiException(ErrorCode.EXPECTED_PEM_CERTIFICATE,
                    ApiException.unhandledCause("encountered PEM block type " + block.group(1)));
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ApiException(ErrorCode.COULD_NOT_PARSE_DER_BLOCK, ApiException.unhandledCause(e.getMessage()));
        }
    }

    /** The subject's CN, or "" when there is none. */
    public static String commonName(X509Certificate certificate) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                    certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return "";
        }
        return "";
    }

    /** {@code caDetail}; the {@code verify} link while unverified and the {@code jwt} link with auto-enrollment on. */
    static Map<String, Object> detail(Row row) {
        String id = row.getString("id");
        Map<String, Object> d = Listing.base(row, "cas");
        @SuppressWarnings("unchecked")
        Map<String, Links.Link> links = (Map<String, Links.Link>) d.get("_links");
        boolean verified = row.getBoolean("is_verified");
        boolean autoEnrollment = row.getBoolean("is_auto_ca_enrollment_enabled");
        if (!verified) {
            links.put("verify", new Links.Link("./cas/" + id + "/verify"));
        }
        if (autoEnrollment) {
            links.put("jwt", new Links.Link("./cas/" + id + "/jwt"));
        }
        d.put("certPem", row.getString("cert_pem"));
        String fingerprint = row.getString("fingerprint");
        d.put("fingerprint", fingerprint == null ? "" : fingerprint);
        d.put("identityNameFormat", row.getString("identity_name_format"));
        d.put("identityRoles", JsonText.strings(row.getString("identity_roles")));
        d.put("isAuthEnabled", row.getBoolean("is_auth_enabled"));
        d.put("isAutoCaEnrollmentEnabled", autoEnrollment);
        d.put("isOttCaEnrollmentEnabled", row.getBoolean("is_ott_ca_enrollment_enabled"));
        d.put("isVerified", verified);
        d.put("name", row.getString("name"));
        d.put("verificationToken", row.getString("verification_token"));
        return d;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
