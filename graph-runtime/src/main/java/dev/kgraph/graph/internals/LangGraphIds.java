package dev.kgraph.graph.internals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identifiers as LangGraph makes them: time-ordered v6 UUIDs for checkpoints (strictly increasing within this JVM,
 * so they sort by creation as strings), name-based v5 UUIDs for tasks (stable for a given checkpoint, so a resumed
 * step gets the same task ids), and 32-hex interrupt ids derived from the task namespace (MD5 here where LangGraph
 * uses XXH3: same shape, different values).
 */
public final class LangGraphIds {

    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;
    private static final AtomicLong LAST_TICKS = new AtomicLong();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> digest("SHA-1"));
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));

    private LangGraphIds() {}

    /** A v6 UUID from the current time (100 ns ticks) with {@code clockSeq} in the clock-sequence bits. */
    public static String checkpointId(int clockSeq) {
        Instant now = Instant.now();
        long ticks = now.getEpochSecond() * 10_000_000L + now.getNano() / 100 + GREGORIAN_OFFSET;
        long t = LAST_TICKS.accumulateAndGet(ticks, (prev, cur) -> cur > prev ? cur : prev + 1);
        long msb = ((t >>> 12) << 16) | 0x6000L | (t & 0xFFFL);
        long lsb = (0x8000L | (clockSeq & 0x3FFF)) << 48 | (ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
        return new UUID(msb, lsb).toString();
    }

    /** RFC 4122 v5 UUID of {@code name} in the namespace {@code namespaceUuid}. */
    public static String uuid5(String name, String namespaceUuid) {
        UUID ns = UUID.fromString(namespaceUuid);
        MessageDigest md = SHA1.get();
        md.reset();
        byte[] nsBytes = new byte[16];
        long msb = ns.getMostSignificantBits();
        long lsb = ns.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            nsBytes[i] = (byte) (msb >>> (56 - 8 * i));
            nsBytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        md.update(nsBytes);
        byte[] h = md.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0F) | 0x50);
        h[8] = (byte) ((h[8] & 0x3F) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (h[i] & 0xFF);
            lo = (lo << 8) | (h[8 + i] & 0xFF);
        }
        return new UUID(hi, lo).toString();
    }

    /** The id of the {@code answered}-th interrupt of the task with checkpoint namespace {@code taskNs}. */
    public static String interruptId(String taskNs, int answered) {
        MessageDigest md = MD5.get();
        md.reset();
        String key = answered == 0 ? taskNs : taskNs + "|" + answered;
        return HEX.formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code s} looks like an interrupt id (32 lowercase hex chars). */
    public static boolean isInterruptId(Object s) {
        if (!(s instanceof String str) || str.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = str.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static String nowIso() {
        return Instant.now().toString();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
