package dev.kgraph.gateway.requests;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;
import static dev.kgraph.model.topics.ConsumerDefaults.closeGroupless;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic without a consumer group, from the end (live traffic: replies, completions)
 * or from the beginning (a compacted registry), on its own thread, handing each value to a callback that must not
 * block. {@link #start()} returns once the start positions are fixed, so nothing produced afterwards can be missed.
 */
public final class TopicTail<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final AtomicInteger TAILS = new AtomicInteger();

    private final KafkaConsumer<String, V> consumer;
    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<V> handler;
    /** Told the key of each tombstone (a null value written on purpose), for registries that delete; may be null. */
    private final Consumer<String> tombstones;
    private final java.util.function.Predicate<org.apache.kafka.common.header.Headers> interest;
    private final Thread thread;
    private volatile boolean running = true;
    /** The start positions are fixed and, for a tail read from the beginning, everything there at start was read. */
    private volatile boolean caughtUp;
    /** For a tail read from the beginning: the end offsets at start, which it must reach to be caught up. */
    private volatile Map<TopicPartition, Long> endsAtStart = Map.of();

    public TopicTail(String bootstrapServers, String topic, Deserializer<String> keys, Deserializer<V> values,
                     boolean fromBeginning, Consumer<V> handler) {
        this(bootstrapServers, topic, keys, values, fromBeginning, handler, null);
    }

    public TopicTail(String bootstrapServers, String topic, Deserializer<String> keys, Deserializer<V> values,
                     boolean fromBeginning, Consumer<V> handler, Consumer<String> tombstones) {
        this(bootstrapServers, topic, keys, values, fromBeginning, handler, tombstones, null);
    }

    /**
     * @param interest when not null, only records whose headers it accepts are handed on; the others are skipped
     *     silently (with a {@link dev.kgraph.model.json.GatedDeserializer} over the same predicate, undecoded)
     */
    public TopicTail(String bootstrapServers, String topic, Deserializer<String> keys, Deserializer<V> values,
                     boolean fromBeginning, Consumer<V> handler, Consumer<String> tombstones,
                     java.util.function.Predicate<org.apache.kafka.common.header.Headers> interest) {
        this.interest = interest;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // names the tail in logs and metrics (client_id); unique in the JVM, as Kafka's JMX names need
                ConsumerConfig.CLIENT_ID_CONFIG, "tail-" + topic + "-" + TAILS.incrementAndGet(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // under kgraph.worker.exactly-once, what a fenced (zombie) sequencer wrote is aborted: never see it
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS), keys, values);
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.handler = handler;
        this.tombstones = tombstones;
        this.thread = Thread.ofPlatform().daemon().name("tail-" + topic).unstarted(this::pollLoop);
    }

    /** Assigns all partitions and resolves the start positions, then starts polling. */
    public void start() {
        List<TopicPartition> partitions = awaitPartitions();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(60))); // fixes the lazy seek now
        if (fromBeginning) {
            endsAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            checkCaughtUp();
        } else {
            caughtUp = true;
        }
        thread.start();
    }

    /** Topic metadata can lag behind the topic's creation by a moment: ask until the partitions are known. */
    private List<TopicPartition> awaitPartitions() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " does not exist; are the topics created?");
            }
            // not poll(): a consumer with nothing assigned throws IllegalStateException from it (seen when the
            // metadata lagged on a loaded machine); partitionsFor refreshes the metadata by itself
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the partitions of " + topic, e);
            }
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofSeconds(1));
                for (var record : records) {
                    if (interest != null && !interest.test(record.headers())) {
                        continue; // nobody here needs it (and it was not decoded)
                    }
                    if (record.value() == null && tombstones != null
                            && record.serializedValueSize() == ConsumerRecord.NULL_SIZE) {
                        tombstones.accept(record.key());
                        continue;
                    }
                    if (record.value() == null) {
                        log.warn("skipped an unreadable record on {}-{} at offset {}", record.topic(),
                                record.partition(), record.offset());
                        continue;
                    }
                    try {
                        handler.accept(record.value());
                    } catch (RuntimeException handlerBug) {
                        log.error("handler failed on {}-{}@{}", record.topic(), record.partition(), record.offset(),
                                handlerBug);
                    }
                }
                if (!caughtUp) {
                    checkCaughtUp();
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll up
        } catch (RuntimeException fatal) {
            log.error("the tail of {} stopped; this gateway is no longer ready", topic, fatal);
        } finally {
            running = false;
            closeGroupless(consumer);
        }
    }

    /** Only on the polling thread (or before it starts): the consumer is not thread-safe. */
    private void checkCaughtUp() {
        for (var end : endsAtStart.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return;
            }
        }
        caughtUp = true;
    }

    public String topic() {
        return topic;
    }

    /**
     * True once the start positions are fixed and, for a tail read from the beginning, every record that was on the
     * topic when it started has been handed to the handler (a registry read whole).
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True while the polling thread runs; false before {@link #start()}, after {@link #close()} or a fatal error. */
    public boolean polling() {
        return running && thread.isAlive();
    }

    /** The consumer's own metrics, for Micrometer's {@code KafkaClientMetrics} (its {@code metrics()} is thread-safe). */
    public KafkaConsumer<String, V> metricsSource() {
        return consumer;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
