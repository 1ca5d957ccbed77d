package dev.kgraph.model.ids;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids created by one process are strictly
 * increasing (a counter breaks ties within a millisecond), so they sort by creation time as strings, which the
 * stores use to list runs in order. LangGraph Platform generates run and thread ids the same way.
 */
public final class Uuid7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST = new AtomicLong();

    private Uuid7() {
    }

    public static String next() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1)); // millis << 12 | 12-bit sequence
        long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xfffL);
        long lsb = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
