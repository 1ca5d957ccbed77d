package dev.kgraph.gateway.streaming;

import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/** Where a run's events are in {@code kgraph.stream}: the partition of its thread, records as frames. */
final class StreamPositions {

    private StreamPositions() {
    }

    /** The partition Kafka's default partitioner picks for {@code threadId} (murmur2 of the key bytes). */
    static TopicPartition partitionOf(String threadId, int partitions) {
        byte[] key = threadId.getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(Topics.STREAM.name(), Utils.toPositive(Utils.murmur2(key)) % partitions);
    }

    static StreamFrame frame(ConsumerRecord<String, byte[]> record) {
        String attempt = StreamRecords.header(record.headers(), StreamRecords.ATTEMPT);
        String event = StreamRecords.header(record.headers(), StreamRecords.EVENT);
        return new StreamFrame(record.offset(), event == null ? "unknown" : event, record.value(),
                attempt == null ? 0 : Integer.parseInt(attempt), StreamRecords.header(record.headers(),
                StreamRecords.RUN_ID));
    }

    /** Topic metadata can lag behind the topic's creation by a moment: ask until the partitions are known. */
    static List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var infos = consumer.partitionsFor(Topics.STREAM.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + Topics.STREAM.name() + " does not exist");
            }
            consumer.poll(Duration.ofMillis(100));
        }
    }
}
