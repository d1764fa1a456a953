package org.onboarding.ziti.api;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/** Opaque, URL-safe ids in upstream's styles. */
public final class ZitiIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ZitiIds() {
    }

    /** Base-62 rendering of a random UUID (about 22 characters), as upstream's {@code POST /enrollments}. */
    public static String uuidBase62() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        BigInteger value = new BigInteger(1, bytes.array());
        StringBuilder out = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(base);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        return out.reverse().toString();
    }

    /** A short id (10 alphanumerics), as upstream's shortids for identities and request ids. */
    public static String shortId() {
        StringBuilder out = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
