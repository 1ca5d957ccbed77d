package dev.kgraph.worker.sequencer;

import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the records of the sequencer's inputs ({@code kgraph.requests}, {@code kgraph.progress}) that its consumer
 * group has committed past, as Kafka Streams does for its own repartition topics. Nothing reads them again: a
 * sequencer that takes over a partition, or restarts after a crash, resumes at the committed offset, and what a record
 * decided lives in the compacted changelogs by then (Kafka Streams commits an offset only once the outputs of the
 * records before it are written, and under exactly-once in the same transaction). Without it both topics keep a day of
 * records (their time retention, the bound for a sequencer that is down for hours), 5 KB per {@code echo} run: about
 * 0.3 GB a minute at 1,000 runs/s (docs/benchmarks.md, section 7).
 * <p>
 * The deletion moves each partition's log start; the brokers then drop the segments wholly below it at their next
 * retention check ({@code log.retention.check.interval.ms}). Every worker purges every partition of the group (the
 * committed offsets are the group's, whichever worker committed them); a repeated deletion is a no-op, and each
 * worker skips the partitions it has already purged up to the same offset.
 */
public final class ConsumedInputPurge implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ConsumedInputPurge.class);
    private static final Set<String> INPUTS = Set.of(Topics.REQUESTS.name(), Topics.PROGRESS.name());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final java.util.function.Supplier<Admin> admins;
    private final String groupId;
    private final Duration interval;
    private final Map<TopicPartition, Long> purgedTo = new ConcurrentHashMap<>();
    private @Nullable Admin admin;
    private @Nullable ScheduledExecutorService timer;

    /**
     * @param admins   opens the admin client at start (closed at stop)
     * @param groupId  the sequencer's consumer group: its Kafka Streams application id
     * @param interval how often to purge; zero turns it off
     */
    public ConsumedInputPurge(java.util.function.Supplier<Admin> admins, String groupId, Duration interval) {
        this.admins = admins;
        this.groupId = groupId;
        this.interval = interval;
    }

    /**
     * Deletes the records below the group's committed offset of every input partition not yet purged up to it.
     *
     * @return how many partitions had their start moved
     */
    int purgeOnce(Admin client) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = client.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("could not read the committed offsets of group {}; the next purge tries again", groupId, e);
            return 0;
        }
        var deletions = new HashMap<TopicPartition, RecordsToDelete>();
        committed.forEach((partition, offset) -> {
            if (offset != null && INPUTS.contains(partition.topic())
                    && offset.offset() > purgedTo.getOrDefault(partition, 0L)) {
                deletions.put(partition, RecordsToDelete.beforeOffset(offset.offset()));
            }
        });
        if (deletions.isEmpty()) {
            return 0;
        }
        int moved = 0;
        var result = client.deleteRecords(deletions);
        for (var deletion : deletions.entrySet()) {
            try {
                result.lowWatermarks().get(deletion.getKey()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                purgedTo.put(deletion.getKey(), deletion.getValue().beforeOffset());
                moved++;
            } catch (ExecutionException | TimeoutException e) {
                // a leader moving, a partition being deleted: its records wait for the next purge or their retention
                log.debug("could not purge {} below {}", deletion.getKey(), deletion.getValue().beforeOffset(), e);
            }
        }
        if (moved > 0) {
            log.debug("purged {} input partitions below the committed offsets of group {}", moved, groupId);
        }
        return moved;
    }

    @Override
    public void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        var client = admins.get();
        admin = client;
        var scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("kgraph-input-purge").factory());
        timer = scheduler;
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purgeOnce(client);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("purging the consumed input records failed; the next purge tries again", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        var scheduler = timer;
        if (scheduler != null) {
            scheduler.shutdownNow();
            timer = null;
        }
        var client = admin;
        if (client != null) {
            client.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
