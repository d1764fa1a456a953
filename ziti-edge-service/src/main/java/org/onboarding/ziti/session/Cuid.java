package org.onboarding.ziti.session;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Session ids in upstream's style: a 25-character cuid starting with {@code c} (time, counter, randomness; base 36). */
final class Cuid {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String FINGERPRINT = block(RANDOM.nextInt(36 * 36 * 36 * 36), 4);

    private Cuid() {
    }

    static String next() {
        return "c" + block(System.currentTimeMillis(), 8)
                + block(Math.floorMod(COUNTER.getAndIncrement(), 36 * 36 * 36 * 36), 4)
                + FINGERPRINT
                + block(RANDOM.nextInt(36 * 36 * 36 * 36), 4)
                + block(RANDOM.nextInt(36 * 36 * 36 * 36), 4);
    }

    private static String block(long value, int size) {
        String s = Long.toString(value, 36);
        if (s.length() > size) {
            return s.substring(s.length() - size);
        }
        return "0".repeat(size - s.length()) + s;
    }
}
