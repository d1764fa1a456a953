package org.onboarding.ziti.ca;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * PEM certificates of third-party CAs and of the clients they issue: parsing, and whether a presented chain leads to a
 * CA certificate (PKIX path building: the CA certificate is the trust anchor, any further presented certificates are
 * untrusted intermediates, validity is checked at the current time, no revocation).
 */
public final class CaCertificates {

    /** {@code id-kp-clientAuth} and {@code anyExtendedKeyUsage}. */
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private CaCertificates() {
    }

    /** A PEM text that holds no parseable certificate. */
    public static class InvalidCertificateException extends Exception {
        public InvalidCertificateException(String message) {
            super(message);
        }
    }

    /** Every certificate of a PEM text, in order; at least one. */
    public static List<X509Certificate> parse(String pem) throws InvalidCertificateException {
        if (pem == null || pem.isBlank()) {
            throw new InvalidCertificateException("no certificate supplied");
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> certificates.add((X509Certificate) c));
            if (certificates.isEmpty()) {
                throw new InvalidCertificateException("no PEM certificate found");
            }
            return certificates;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidCertificateException("could not parse the PEM certificate: " + e.getMessage());
        }
    }

    /** A certificate without extended key usages allows any; one with them must name client authentication. */
    public static boolean allowsClientAuth(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /**
     * Whether {@code presented} (the client certificate first, then any intermediates) chains to {@code ca}.
     * With {@code clientAuth}, a client certificate that limits its extended key usage must allow client
     * authentication, as upstream requires for enrollment; logins accept any usage.
     */
    public static boolean chainsTo(List<X509Certificate> presented, X509Certificate ca, boolean clientAuth) {
        if (presented.isEmpty()) {
            return false;
        }
        X509Certificate leaf = presented.get(0);
        if (clientAuth && !allowsClientAuth(leaf)) {
            return false;
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(Set.of(new TrustAnchor(ca, null)), target);
            parameters.setRevocationEnabled(false);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(presented)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Upstream's certificate fingerprint: lower-case hex SHA-1 of the certificate DER. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
