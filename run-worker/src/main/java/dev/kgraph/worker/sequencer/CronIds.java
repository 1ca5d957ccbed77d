package dev.kgraph.worker.sequencer;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * The ids of a tick's run and (stateless cron) thread, derived from the cron id and the tick's time alone, so a tick
 * decided twice (a replay after a crash) names the same run, which the thread's writer then refuses to create again.
 * They are shaped as uuid7 with the tick's milliseconds in front, so they still sort by time in the stores like the
 * ids the gateway draws; the "random" bits are a SHA-256 of (cron id, tick, kind).
 */
final class CronIds {

    private CronIds() {
    }

    static String runId(String cronId, Instant tick) {
        return derive(cronId, tick, "run");
    }

    static String threadId(String cronId, Instant tick) {
        return derive(cronId, tick, "thread");
    }

    private static String derive(String cronId, Instant tick, String kind) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest((cronId + "/" + tick.toEpochMilli() + "/" + kind).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible); // every JDK has SHA-256
        }
        var bits = ByteBuffer.wrap(hash);
        long millis = tick.toEpochMilli() & 0xffff_ffff_ffffL;
        long msb = (millis << 16) | 0x7000L | (bits.getShort() & 0xfffL);
        long lsb = (bits.getLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
