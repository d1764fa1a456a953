package org.onboarding.ziti.signing;

import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.onboarding.ziti.ca.CaCertificates;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Signs enrollment JWTs and the network JWT as the controller does (README, Decisions: Signing): with the key of the
 * controller's server certificate, {@code alg} following the key type and {@code kid} = hex SHA-1 of the certificate DER.
 */
@ApplicationScoped
public class ControllerSigner {

    private final ZitiConfig config;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    /** The signing certificate first, then whatever issuer certificates follow it in the same PEM file. */
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final String kid;
    private volatile String networkJwt;

    public ControllerSigner(ZitiConfig config) {
        this.config = config;
        try {
            this.chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(config.signer().certLocation()))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IllegalStateException("no certificate in " + config.signer().certLocation());
            }
            this.certificate = chain.get(0);
            this.algorithm = algorithmFor(certificate.getPublicKey());
            this.privateKey = privateKey(config.signer().keyLocation(), certificate);
            this.kid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the controller signing key/certificate", e);
        }
    }

    /** {@code iss} of enrollment JWTs: {@code https://<edge api address>}, no trailing slash. */
    public String issuer() {
        return "https://" + config.edgeApiAddress();
    }

    /** The signing certificate (its SHA-1 is the JWTs' {@code kid}) followed by its issuers, as configured. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /**
     * The signing key. The HTTPS server certificate is issued for this same key pair: SDKs verify an enrollment JWT
     * with the public key of the certificate the controller presents at the JWT's {@code iss}.
     */
    PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    public String certificatePem() {
        return CaCertificates.pem(certificate);
    }

    public String enrollmentJwt(String subject, String token, String method, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject(subject);
        // upstream emits aud as an array holding one empty string
        claims.setClaim("aud", List.of(""));
        claims.setClaim("exp", expiresAt.getEpochSecond());
        claims.setJwtId(token);
        claims.setClaim("em", method);
        claims.setClaim("ctrls", config.ctrlAddresses().orElse(List.of(issuer())));
        return sign(claims);
    }

    /**
     * The static enrollment JWT of a CA ({@code GET /cas/{id}/jwt}), as upstream makes it: method {@code ca},
     * {@code sub} and {@code jti} = the CA id, {@code aud} the enroller, no expiry.
     */
    public String caJwt(String caId) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer() + "/");
        claims.setSubject(caId);
        claims.setClaim("aud", List.of("openziti-enroller"));
        claims.setJwtId(caId);
        claims.setClaim("em", "ca");
        return sign(claims);
    }

    /** Created on first use and cached for the process lifetime, as upstream; no {@code exp}. */
    public String networkJwt() {
        String jwt = networkJwt;
        if (jwt == null) {
            synchronized (this) {
                if (networkJwt == null) {
                    JwtClaims claims = new JwtClaims();
                    claims.setIssuer(issuer() + "/");
                    claims.setSubject(issuer() + "/");
                    claims.setClaim("aud", List.of("openziti-enroller"));
                    claims.setJwtId(UUID.randomUUID().toString());
                    claims.setClaim("em", "network");
                    claims.setClaim("ctrls", null);
                    networkJwt = sign(claims);
                }
                jwt = networkJwt;
            }
        }
        return jwt;
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey);
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign JWT", e);
        }
    }

    private static String algorithmFor(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                    : bits <= 384 ? AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384
                    : AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512;
        }
        return AlgorithmIdentifiers.RSA_USING_SHA256;
    }

    /** The PKCS#8 PEM private key at {@code location}, of the key type of {@code certificate}. */
    static PrivateKey privateKey(String location, X509Certificate certificate) throws GeneralSecurityException {
        return KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(pemBody(read(location))));
    }

    private static byte[] pemBody(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    static byte[] read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing classpath resource " + resource);
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
