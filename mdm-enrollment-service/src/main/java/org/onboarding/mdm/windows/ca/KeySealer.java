package org.onboarding.mdm.windows.ca;

import lombok.RequiredArgsConstructor;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.windows.WindowsMdmConfig;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals CA private keys at rest: AES-256-GCM under the configured key, a fresh 12-byte nonce per seal, the
 * organisation id as associated data (a sealed key copied to another organisation's row does not open).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class KeySealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WindowsMdmConfig config;

    public String keyId() {
        return config.ca().sealingKeyId();
    }

    public byte[] seal(byte[] plaintext, String organizationId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(organizationId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the CA key", e);
        }
    }

    public byte[] open(byte[] sealed, String keyId, String organizationId) {
        if (!keyId().equals(keyId)) {
            throw new IllegalStateException("CA key sealed with key " + keyId + ", configured is " + keyId());
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(organizationId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the CA key of organisation " + organizationId, e);
        }
    }

    private SecretKeySpec key() {
        String encoded = config.ca().sealingKey().filter(k -> !k.isBlank())
                .orElseThrow(() -> new WindowsMdmConfig.MissingSecretException("mdm.windows.ca.sealing-key"));
        byte[] key = Base64.getDecoder().decode(encoded.trim());
        if (key.length != 32) {
            throw new IllegalStateException("mdm.windows.ca.sealing-key must be 32 bytes (base64)");
        }
        return new SecretKeySpec(key, "AES");
    }
}
