package dev.kgraph.gateway.streaming;

import static dev.kgraph.model.topics.ConsumerDefaults.closeGroupless;

import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code kgraph.stream} from the end, without a consumer group, on one thread, and hands
 * each record to the connections subscribed to its run, or to its whole thread (by the record's key), on this
 * gateway; records of other runs are skipped by their {@code run_id} header and key without being parsed. A thread's
 * own records ({@code state_update}) have no {@code run_id}, so only whole-thread subscriptions get them.
 * {@link #start()} fixes the start positions before returning, so a
 * subscription made afterwards, before its run is created, misses nothing. Handing over never blocks: each
 * connection has its own bounded buffer ({@link RunSubscription}).
 */
final class StreamTail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<RunSubscription>> subscriptions = new ConcurrentHashMap<>();
    /** Whole-thread streams, by thread id (the records' key). */
    private final Map<String, List<RunSubscription>> threadSubscriptions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int partitions;

    StreamTail(Map<String, Object> consumerConfig) {
        this.consumer = new KafkaConsumer<>(consumerConfig, Topics.STREAM.keySerde().deserializer(),
                Topics.STREAM.valueSerde().deserializer());
        this.thread = Thread.ofPlatform().daemon().name("tail-" + Topics.STREAM.name()).unstarted(this::pollLoop);
    }

    void start() {
        List<TopicPartition> assigned = StreamPositions.awaitPartitions(consumer);
        partitions = assigned.size();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(p -> consumer.position(p, Duration.ofSeconds(60)));
        thread.start();
    }

    /** Partitions of {@code kgraph.stream}, known once started. */
    int partitions() {
        return partitions;
    }

    /** Registers a live subscription; it is removed when its stream terminates. */
    RunSubscription subscribe(String runId, java.util.Set<String> modes, int capacity) {
        var holder = new RunSubscription[1];
        holder[0] = new RunSubscription(runId, modes, capacity, () -> remove(holder[0]));
        subscriptions.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(holder[0]);
        return holder[0];
    }

    /** Registers a live subscription to every run of a thread; it is removed when its stream terminates. */
    RunSubscription subscribeThread(String threadId, ThreadStreamModes modes, int capacity) {
        var holder = new RunSubscription[1];
        holder[0] = RunSubscription.ofThread(threadId, modes, capacity, () -> remove(holder[0]));
        threadSubscriptions.computeIfAbsent(threadId, id -> new CopyOnWriteArrayList<>()).add(holder[0]);
        return holder[0];
    }

    private void remove(RunSubscription subscription) {
        (subscription.wholeThread() ? threadSubscriptions : subscriptions).computeIfPresent(subscription.runId(), (id, list) -> {
            list.remove(subscription);
            return list.isEmpty() ? null : list;
        });
    }

    int subscribed() {
        return subscriptions.values().stream().mapToInt(List::size).sum()
                + threadSubscriptions.values().stream().mapToInt(List::size).sum();
    }

    private void pollLoop() {
        try {
            while (running) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    dispatch(record);
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll up
        } finally {
            closeGroupless(consumer);
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        String runId = StreamRecords.header(record.headers(), StreamRecords.RUN_ID);
        var subscribers = runId == null ? null : subscriptions.get(runId);
        var threadSubscribers = threadSubscriptions.isEmpty() || record.key() == null ? null
                : threadSubscriptions.get(record.key());
        if ((subscribers == null && threadSubscribers == null) || record.value() == null) {
            return;
        }
        try {
            var frame = StreamPositions.frame(record);
            if (subscribers != null) {
                subscribers.forEach(s -> s.offer(frame));
            }
            if (threadSubscribers != null) {
                threadSubscribers.forEach(s -> s.offer(frame));
            }
        } catch (RuntimeException bug) {
            log.error("could not hand over {}-{}@{}", record.topic(), record.partition(), record.offset(), bug);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
