package dev.kgraph.gateway.streaming;

import static dev.kgraph.model.topics.ConsumerDefaults.closeGroupless;

import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumed stream ({@code Last-Event-ID}): its own consumer, assigned to the run's partition (no group) and set to
 * the position after the client's last event, reads the run's records on a virtual thread until the run's done
 * marker, or, once the run is known to have ended without one (cancelled while pending, out of attempts), until it
 * has read everything the partition held at that moment. Any gateway can serve it: the position is the id.
 */
final class StreamReplay implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamReplay.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> consumerConfig;
    private final TopicPartition partition;
    private final long fromOffset;
    private final Instant fromTime;
    private final RunSubscription subscription;
    private final CompletableFuture<?> completion;

    /**
     * @param fromOffset the first offset to read, or -1 to start at the records written from {@code fromTime} on
     * @param completion completes when the run has ended (from {@code kgraph.events})
     */
    StreamReplay(Map<String, Object> consumerConfig, TopicPartition partition, long fromOffset, Instant fromTime,
                 RunSubscription subscription, CompletableFuture<?> completion) {
        this.consumerConfig = consumerConfig;
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.fromTime = fromTime;
        this.subscription = subscription;
        this.completion = completion;
    }

    @Override
    public void run() {
        var consumer = new KafkaConsumer<>(consumerConfig, Topics.STREAM.keySerde().deserializer(),
                Topics.STREAM.valueSerde().deserializer());
        try {
            consumer.assign(Set.of(partition));
            seek(consumer);
            Long endAtCompletion = null;
            while (!subscription.ended()) {
                for (var record : consumer.poll(POLL)) {
                    if (subscription.runId().equals(StreamRecords.header(record.headers(), StreamRecords.RUN_ID))
                            && record.value() != null) {
                        subscription.offer(StreamPositions.frame(record));
                    }
                }
                if (completion.isDone()) {
                    if (endAtCompletion == null) {
                        endAtCompletion = consumer.endOffsets(Set.of(partition)).get(partition);
                    }
                    if (consumer.position(partition) >= endAtCompletion) {
                        subscription.end();
                    }
                }
            }
        } catch (RuntimeException failed) {
            log.warn("resumed stream of run {} failed: {}", subscription.runId(), failed.toString());
            subscription.end();
        } finally {
            closeGroupless(consumer);
        }
    }

    private void seek(KafkaConsumer<String, byte[]> consumer) {
        if (fromOffset >= 0) {
            consumer.seek(partition, fromOffset);
            return;
        }
        var found = consumer.offsetsForTimes(Map.of(partition, fromTime.toEpochMilli())).get(partition);
        if (found != null) {
            consumer.seek(partition, found.offset());
        } else {
            consumer.seekToEnd(Set.of(partition));
        }
    }
}
