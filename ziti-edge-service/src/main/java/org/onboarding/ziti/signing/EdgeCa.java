package org.onboarding.ziti.signing;

import lombok.Getter;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.x500.X500Name;
import org.onboarding.ziti.ca.CaCertificates;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

/**
 * The controller's edge signing CA: signs the client certificate of an OTT enrollment from the enroller's CSR, and
 * decides whether a presented client certificate is one of ours (chains to this CA, currently valid).
 */
@ApplicationScoped
public class EdgeCa {

    /** A CSR that is not PEM, not a PKCS#10 request, or whose self-signature does not verify. */
    public static class InvalidCsrException extends Exception {
        public InvalidCsrException(String message) {
            super(message);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Used directly, never registered globally: it maps key algorithm OIDs the JDK providers do not know. Only CSRs
     * need it, so it is built on the first CSR, not when the edge API's certificate is issued at start-up (building the
     * provider registers hundreds of algorithms: README "Start-up").
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    @Getter
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final ZitiConfig config;

    public EdgeCa(ZitiConfig config) {
        this.config = config;
        try {
            this.certificate = parseCertificate(new String(ControllerSigner.read(config.edgeCa().certLocation()),
                    StandardCharsets.US_ASCII));
            this.privateKey = ControllerSigner.privateKey(config.edgeCa().keyLocation(), certificate);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the edge CA key/certificate", e);
        }
    }

    public String certificatePem() {
        try {
            return pem(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs a client certificate for {@code identityId}. The subject is {@code CN=<identityId>} whatever the CSR asks
     * for: the certificate names the identity it authenticates; only the CSR's public key is taken.
     */
    public X509Certificate signClientCertificate(String csrPem, String identityId) throws InvalidCsrException {
        PKCS10CertificationRequest csr = parseCsr(csrPem);
        try {
            PublicKey key = new JcaPKCS10CertificationRequest(csr).setProvider(Bc.PROVIDER).getPublicKey();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, identityId).build();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    Date.from(now.plus(config.edgeCa().clientCertValidity())), subject, key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm()).build(privateKey);
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new InvalidCsrException("could not sign the csr: " + e.getMessage());
        }
    }

    /**
     * Issues the HTTPS server certificate of the edge API for {@code key}: {@code CN=<host>}, serverAuth, one SAN per
     * entry of {@code names} (IP literals as IP addresses, the rest as DNS names).
     */
    public X509Certificate signServerCertificate(PublicKey key, String host, List<String> names, Duration validity) {
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    Date.from(now.plus(validity)), subject, key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream().distinct()
                    .map(n -> new GeneralName(IP_LITERAL.matcher(n).matches() ? GeneralName.iPAddress : GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm()).build(privateKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue the edge API server certificate", e);
        }
    }

    /** IPv4 dotted quads and anything with a colon (IPv6): these go into iPAddress SANs. */
    private static final java.util.regex.Pattern IP_LITERAL =
            java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

    /** Parses and verifies a CSR without signing anything. */
    public void checkCsr(String csrPem) throws InvalidCsrException {
        parseCsr(csrPem);
    }

    private static PKCS10CertificationRequest parseCsr(String pem) throws InvalidCsrException {
        if (pem == null || pem.isBlank()) {
            throw new InvalidCsrException("csr is missing");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new InvalidCsrException("csr could not be parsed: " + e.getMessage());
        }
        if (!(parsed instanceof PKCS10CertificationRequest csr)) {
            throw new InvalidCsrException("csr is not a PEM certificate request");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(csr.getSubjectPublicKeyInfo()))) {
                throw new InvalidCsrException("csr signature is invalid");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new InvalidCsrException("csr signature could not be verified: " + e.getMessage());
        }
        return csr;
    }

    /** Whether this CA issued the certificate and it is valid now. */
    public boolean issued(X509Certificate cert) {
        try {
            cert.checkValidity();
            if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
                return false;
            }
            cert.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Upstream's authenticator fingerprint: lower-case hex SHA-1 of the certificate DER. */
    public static String fingerprint(X509Certificate cert) {
        return CaCertificates.fingerprint(cert);
    }

    public static String pem(X509Certificate cert) throws GeneralSecurityException {
        return CaCertificates.pem(cert);
    }

    private static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private String signatureAlgorithm() {
        return certificate.getPublicKey() instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
