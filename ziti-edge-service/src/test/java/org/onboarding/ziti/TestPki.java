package org.onboarding.ziti;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * A third-party PKI made with Bouncy Castle for tests: a CA (self-signed, or an intermediate under another CA) and
 * the certificates it issues (client certificates, CA verification certificates).
 */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String pem() {
            return TestPki.pem(certificate);
        }

        /** The form a TLS-terminating proxy forwards it in (nginx {@code $ssl_client_escaped_cert}). */
        public String forwarded() {
            return URLEncoder.encode(pem(), StandardCharsets.UTF_8);
        }

        public String fingerprint() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client certificate issued by this CA: clientAuth, valid for a day. */
        public Issued client(String commonName) {
            return issue(this, "CN=" + commonName, false, Duration.ofDays(1), true);
        }

        /** Upstream's CA verification certificate: CN = the CA's verificationToken, signed by the CA. */
        public Issued verification(String verificationToken) {
            return issue(this, "CN=" + verificationToken, false, Duration.ofHours(1), false);
        }

        /** An intermediate CA under this one. */
        public Issued intermediate(String commonName) {
            return issue(this, "CN=" + commonName, true, Duration.ofDays(30), false);
        }
    }

    private TestPki() {
    }

    /** A self-signed root CA. */
    public static Issued rootCa(String commonName) {
        return issue(null, "CN=" + commonName + ",O=Third Party Test", true, Duration.ofDays(30), false);
    }

    /** A self-signed certificate that is not a CA. */
    public static Issued selfSignedLeaf(String commonName) {
        return issue(null, "CN=" + commonName, false, Duration.ofDays(1), true);
    }

    public static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static Issued issue(Issued issuer, String subject, boolean ca, Duration validity, boolean clientAuth) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subjectName = new X500Name(subject);
            X500Name issuerName = issuer == null ? subjectName
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), subjectName, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(true) : new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (clientAuth) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            KeyPair signing = issuer == null ? keys : issuer.keys();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signing.getPrivate())));
            return new Issued(certificate, keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
