package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ThreadPartitionsTests {

    @Test
    void putsAThreadOnThePartitionTheKafkaProducerPicksForItsKey() {
        for (int i = 0; i < 10_000; i++) {
            String threadId = i % 10 == 0 ? "t" + i : UUID.randomUUID().toString(); // odd lengths for the tail
            for (int partitions : new int[] {1, 6, 7, 12}) {
                assertThat(ThreadPartitions.of(threadId, partitions)).as(threadId).isEqualTo(
                        BuiltInPartitioner.partitionForKey(threadId.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
