package org.onboarding.mdm.windows.enrollment;

import lombok.RequiredArgsConstructor;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.onboarding.mdm.windows.WindowsMdmConfig;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The {@code wresult} of the Federated sign-in page: a short-lived HS256 JWT naming the enrollment token and the
 * e-mail it was proven for. The device hands it back, base64-encoded, as its DeviceEnrollmentUserToken.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class WresultTokens {

    static final String ISSUER = "mdm-enrollment-service";
    static final String AUDIENCE = "windows-enrollment";

    /** What a valid wresult proves: someone who knew the code of this token signed in as this e-mail. */
    public record Proof(String tokenId, String email) {
    }

    private final WindowsMdmConfig config;

    public String issue(String tokenId, String email, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(tokenId);
        claims.setClaim("email", email);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(config.wresult().validity()).toEpochMilli()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(key());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign wresult", e);
        }
    }

    /** The proof in a valid, unexpired wresult (the device sends it base64-encoded, or as is); null otherwise. */
    public Proof verify(String presented, Instant now) {
        if (presented == null || presented.isBlank()) {
            return null;
        }
        String jwt = presented.trim();
        if (jwt.chars().filter(c -> c == '.').count() != 2) {
            try {
                jwt = new String(Base64.getMimeDecoder().decode(jwt), java.nio.charset.StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .setAllowedClockSkewInSeconds(30)
                .setVerificationKey(key())
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            Object email = claims.getClaimValue("email");
            return email instanceof String text ? new Proof(claims.getSubject(), text) : null;
        } catch (InvalidJwtException | MalformedClaimException e) {
            return null;
        }
    }

    private HmacKey key() {
        String encoded = config.wresult().signingKey().filter(k -> !k.isBlank())
                .orElseThrow(() -> new WindowsMdmConfig.MissingSecretException("mdm.windows.wresult.signing-key"));
        byte[] key = Base64.getDecoder().decode(encoded.trim());
        if (key.length < 32) {
            throw new IllegalStateException("mdm.windows.wresult.signing-key must be at least 32 bytes (base64)");
        }
        return new HmacKey(key);
    }
}
