package org.onboarding.mdm.windows.ca;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.onboarding.mdm.windows.soap.SoapFault;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * The certificate work of enrollment, with Bouncy Castle: an organisation's CA (RSA 3072, SHA-256, 10 years), the
 * check of a device's PKCS#10 request (well-formed, self-signature valid, RSA of at least 2048 bits) and the client
 * certificate it gets (clientAuth, the CSR's key, subject {@code CN=<winDeviceId>}).
 */
@ApplicationScoped
public class MdmCertificates {

    public static final int MIN_KEY_BITS = 2048;
    private static final String SIGNATURE = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record GeneratedCa(X509Certificate certificate, PrivateKey privateKey) {
    }

    /** Slow (an RSA key generation): call off the event loop. */
    public GeneratedCa generateCa(String organizationName, String organizationId, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, organizationName)
                    .addRDN(BCStyle.OU, organizationId)
                    .addRDN(BCStyle.CN, "Windows MDM CA").build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    pair.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(pair.getPrivate());
            return new GeneratedCa(convert(builder.build(signer)), pair.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the MDM CA", e);
        }
    }

    /** A base64 DER PKCS#10 request from the device, checked; else an {@code s:certificaterequest} fault. */
    public PKCS10CertificationRequest parseRequest(String base64) {
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(base64));
        } catch (IllegalArgumentException | IOException | ClassCastException e) {
            throw certificateRequest("the certificate request is not a DER PKCS#10 request");
        }
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))) {
                throw certificateRequest("the certificate request's signature does not verify");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            if (e instanceof SoapFault fault) {
                throw fault;
            }
            throw certificateRequest("the certificate request's signature cannot be checked");
        }
        if (rsaBits(request.getSubjectPublicKeyInfo()) < MIN_KEY_BITS) {
            throw certificateRequest("the certificate request needs an RSA key of at least " + MIN_KEY_BITS + " bits");
        }
        return request;
    }

    public X509Certificate issueClientCertificate(PKCS10CertificationRequest request, X509Certificate ca,
                                                  PrivateKey caKey, String commonName, Instant now, Duration validity) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), subject,
                    request.getSubjectPublicKeyInfo());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(request.getSubjectPublicKeyInfo()));
            return convert(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKey)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the device certificate", e);
        }
    }

    // ---- encodings ----

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One certificate from PEM (or bare base64 DER); null when it is not one. */
    public static X509Certificate parseCertificate(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        // the armour lines go whatever their spacing (a URL-encoded header may turn their space into '+')
        String base64 = pem.replaceAll("-----[^-]*-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            return null;
        }
    }

    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored CA key unreadable", e);
        }
    }

    public static String sha256(X509Certificate certificate) {
        return digest("SHA-256", certificate);
    }

    /** Uppercase SHA-1 thumbprint: how Windows' CertificateStore CSP names a certificate. */
    public static String thumbprint(X509Certificate certificate) {
        return digest("SHA-1", certificate).toUpperCase();
    }

    public static boolean samePublicKey(PublicKey key, SubjectPublicKeyInfo info) {
        try {
            return java.util.Arrays.equals(key.getEncoded(), info.getEncoded());
        } catch (IOException e) {
            return false;
        }
    }

    private static String digest(String algorithm, X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rsaBits(SubjectPublicKeyInfo info) {
        try {
            return PublicKeyFactory.createKey(info) instanceof RSAKeyParameters rsa ? rsa.getModulus().bitLength() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static SoapFault certificateRequest(String message) {
        return new SoapFault(SoapFault.Subcode.CERTIFICATE_REQUEST, message);
    }
}
