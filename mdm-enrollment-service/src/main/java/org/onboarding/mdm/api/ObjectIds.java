package org.onboarding.mdm.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** MongoDB-style 24-hex ids (4-byte seconds + 5 random bytes + 3-byte counter): the API's id regex rejects UUIDs. */
public final class ObjectIds {

    public static final String REGEX = "^[a-fA-F0-9]{24}$";
    public static final String ORGANIZATION_REGEX = "^(([a-fA-F0-9]{24})|([a-zA-Z0-9\\-]{3,}))$";
    private static final Pattern OBJECT_ID = Pattern.compile(REGEX);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS_RANDOM = new byte[5];
    private static final AtomicInteger COUNTER;

    static {
        RANDOM.nextBytes(PROCESS_RANDOM);
        COUNTER = new AtomicInteger(RANDOM.nextInt(1 << 24));
    }

    private ObjectIds() {
    }

    public static String next() {
        byte[] id = new byte[12];
        int seconds = (int) Instant.now().getEpochSecond();
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(PROCESS_RANDOM, 0, id, 4, 5);
        int counter = COUNTER.getAndIncrement() & 0xFFFFFF;
        id[9] = (byte) (counter >>> 16);
        id[10] = (byte) (counter >>> 8);
        id[11] = (byte) counter;
        return HexFormat.of().formatHex(id);
    }

    public static boolean isValid(String id) {
        return id != null && OBJECT_ID.matcher(id).matches();
    }
}
