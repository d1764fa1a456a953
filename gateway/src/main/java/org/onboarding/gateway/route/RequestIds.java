package org.onboarding.gateway.route;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in UUID v4 form. A request id has to be unique, not unguessable: {@link UUID#randomUUID()} draws from
 * the shared SecureRandom on every request, which costs more than the rest of the id handling together.
 */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;              // version 4
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | Long.MIN_VALUE; // IETF variant
        return new UUID(high, low).toString();
    }
}
