package dev.kgraph.worker.store;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;
import static dev.kgraph.model.topics.ConsumerDefaults.closeGroupless;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code kgraph.replies} from its end, every partition, no consumer group, and hands each reply to the store
 * client, which keeps those addressed to it (as each gateway does). Started on the first store call, so a worker whose
 * graphs never use the store does not read every reply of the cluster.
 */
final class StoreReplies implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreReplies.class);

    private final KafkaConsumer<String, Reply> consumer;
    private final Consumer<Reply> handler;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;

    StoreReplies(String bootstrapServers, String clientId, Consumer<Reply> handler) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // under exactly-once, a fenced sequencer's aborted replies must never be seen
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS),
                Topics.REPLIES.keySerde().deserializer(), Topics.REPLIES.valueSerde().deserializer());
        this.handler = handler;
        this.thread = Thread.ofPlatform().daemon().name("store-replies").unstarted(this::pollLoop);
    }

    /**
     * Positions the consumer at the end of every partition and starts polling, once; returns only when the positions
     * are fixed, so a request sent afterwards cannot have its reply before them.
     */
    synchronized void ensureStarted() {
        if (started.get()) {
            return;
        }
        var partitions = consumer.partitionsFor(Topics.REPLIES.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // fixes the lazy seek now
        started.set(true);
        thread.start();
    }

    private void pollLoop() {
        try {
            while (running) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null) {
                        handler.accept(record.value());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } catch (RuntimeException broken) {
            log.error("the store's reply reader stopped; store calls from graphs will time out", broken);
        } finally {
            closeGroupless(consumer);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (started.get()) {
            consumer.wakeup();
        } else {
            closeGroupless(consumer);
        }
    }
}
