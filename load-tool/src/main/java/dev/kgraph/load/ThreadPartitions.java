package dev.kgraph.load;

import java.nio.charset.StandardCharsets;

/**
 * The partition of the thread-keyed topics a thread id lands on: what Kafka's producer computes for a record with a
 * key and no explicit partition, {@code (murmur2(UTF-8 key) & 0x7fffffff) % partitions}. Copied rather than taken
 * from kafka-clients to keep this jar small; {@code ThreadPartitionsTests} checks it against the producer's own code.
 */
final class ThreadPartitions {

    private ThreadPartitions() {
    }

    static int of(String threadId, int partitions) {
        return (murmur2(threadId.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitions;
    }

    /** Kafka's {@code Utils.murmur2}: MurmurHash2, 32 bits, seed 0x9747b28c. */
    static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        final int r = 24;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        for (int i = 0; i + 4 <= length; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = length & ~3;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
