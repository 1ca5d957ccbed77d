package dev.kgraph.gateway.streaming;

import static dev.kgraph.model.topics.ConsumerDefaults.closeGroupless;

import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumed whole-thread stream ({@code GET /threads/{id}/stream} with {@code Last-Event-ID}): its own consumer,
 * assigned to the thread's partition (no group), placed after the client's last event ({@code -}: at the oldest
 * record the topic still holds), forwards every record of the thread (of every run, and the thread's own) through the
 * subscription's mode filter, and goes on reading live for as long as the client stays. It never hands over to the
 * shared tail, so there is no gap or repeat to reconcile.
 */
final class ThreadStreamReplay implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ThreadStreamReplay.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> consumerConfig;
    private final TopicPartition partition;
    private final long fromOffset;
    private final RunSubscription subscription;

    /** @param fromOffset the first offset to read, or -1 for the oldest the partition holds */
    ThreadStreamReplay(Map<String, Object> consumerConfig, TopicPartition partition, long fromOffset,
                       RunSubscription subscription) {
        this.consumerConfig = consumerConfig;
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.subscription = subscription;
    }

    @Override
    public void run() {
        var threadId = subscription.runId();
        var consumer = new KafkaConsumer<>(consumerConfig, Topics.STREAM.keySerde().deserializer(),
                Topics.STREAM.valueSerde().deserializer());
        try {
            consumer.assign(Set.of(partition));
            if (fromOffset >= 0) {
                consumer.seek(partition, fromOffset);
            } else {
                consumer.seekToBeginning(Set.of(partition));
            }
            while (!subscription.ended()) {
                for (var record : consumer.poll(POLL)) {
                    if (threadId.equals(record.key()) && record.value() != null) {
                        subscription.offer(StreamPositions.frame(record));
                    }
                }
            }
        } catch (RuntimeException failed) {
            log.warn("resumed stream of thread {} failed: {}", threadId, failed.toString());
            subscription.end();
        } finally {
            closeGroupless(consumer);
        }
    }
}
