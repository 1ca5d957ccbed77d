package dev.kgraph.model.topics;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How the topics are created: partition counts, replication and retention. Gateways and workers both declare them
 * (creation is idempotent), so either can start first. {@code requests} and {@code progress} must keep the same
 * partition count: the sequencer joins them by partition.
 *
 * @param partitions        partitions of the thread-keyed topics; the unit of worker parallelism and fail-over
 * @param replicationFactor 1 on a single broker, 3 in production
 * @param minInsyncReplicas 1 on a single broker, 2 in production
 * @param streamRetentionMs how long {@code kgraph.stream} keeps run stream events, so resumable streams can be
 *                          resumed with {@code Last-Event-ID} (default one hour)
 */
public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas, long streamRetentionMs) {

    public static final long DEFAULT_STREAM_RETENTION_MS = 3600L * 1000;

    public TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas) {
        this(partitions, replicationFactor, minInsyncReplicas, DEFAULT_STREAM_RETENTION_MS);
    }

    /**
     * Reads {@code kgraph.topics.partitions}, {@code .replication-factor}, {@code .min-insync-replicas},
     * {@code .stream-retention-ms}; defaults 6, 1, 1, one hour.
     */
    public static TopicLayout fromProperties(java.util.function.Function<String, String> properties) {
        String retention = properties.apply("kgraph.topics.stream-retention-ms");
        return new TopicLayout(
                intOr(properties.apply("kgraph.topics.partitions"), 6),
                (short) intOr(properties.apply("kgraph.topics.replication-factor"), 1),
                intOr(properties.apply("kgraph.topics.min-insync-replicas"), 1),
                retention == null || retention.isBlank() ? DEFAULT_STREAM_RETENTION_MS : Long.parseLong(retention.trim()));
    }

    /**
     * What lets topic creation create this layout's missing topics without ever adding partitions to an existing
     * one ({@link KeepPartitionCounts}).
     *
     * @param adminConfig the admin client settings to read the existing topics with
     */
    public KeepPartitionCounts keepingPartitionCounts(Map<String, Object> adminConfig) {
        var names = newTopics().stream().map(NewTopic::name).collect(Collectors.toSet());
        return new KeepPartitionCounts(name -> names.contains(name) || name.endsWith(CHANGELOG_SUFFIX), adminConfig,
                EXISTING_TOPICS_TIMEOUT_MS);
    }

    /** Kafka Streams names a store's changelog {@code <application.id>-<store>-changelog}. */
    private static final String CHANGELOG_SUFFIX = "-changelog";

    /**
     * The compacted changelogs of a Kafka Streams application's stores, as Kafka Streams itself would create them
     * (one partition per task, i.e. as many as the thread-keyed topics it reads; {@code cleanup.policy=compact}; the
     * largest record any process writes), plus the layout's {@code min.insync.replicas}. Declared so that topic
     * creation at start-up makes them with the other topics: left to Kafka Streams, they are created during its
     * first rebalance, which then waits for each to be ready (docs/benchmarks.md, section 6). Guarded as the layout's
     * topics are ({@link #keepingPartitionCounts}): Kafka Streams refuses a changelog whose count differs from its
     * sources'.
     */
    public List<NewTopic> changelogs(String applicationId, List<String> stores) {
        return stores.stream()
                .map(store -> topic(applicationId + "-" + store + CHANGELOG_SUFFIX, partitions,
                        Map.of("cleanup.policy", "compact")))
                .toList();
    }

    private static final long EXISTING_TOPICS_TIMEOUT_MS = 30_000;

    private static int intOr(String value, int fallback) {
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static final long HOUR_MS = 3600L * 1000;
    private static final long DAY_MS = 24 * HOUR_MS;
    /** A reply is only of use while its request waits (the gateway's request timeout, 30 s by default): ten minutes. */
    private static final long REPLIES_MS = 10 * 60_000L;

    /**
     * Requests, progress and run events are transient: the sequencer reads the first two within its commit interval
     * (and again after a crash, from its last commit), gateways read the events live and the webhook dispatchers the
     * delivery queue within seconds (failed attempts move to the retry topics), while what lasts (threads, runs, checkpoints) lives in the compacted changelogs. A day covers a
     * worker pool that is down for hours; a shorter segment lets the broker delete them in steps of an hour (retention
     * only ever drops whole segments, and Kafka's default segment lasts a week). Replies are only read live, by the
     * request that waits for them: ten minutes.
     * The workers also delete the requests and progress the sequencer has committed past (the worker's
     * {@code ConsumedInputPurge}), which frees whole segments only: theirs roll at 64 MiB too, not only each hour.
     */
    public List<NewTopic> newTopics() {
        return List.of(
                topic(Topics.REQUESTS.name(), partitions, purgedAfterUse(DAY_MS)),
                topic(Topics.PROGRESS.name(), partitions, purgedAfterUse(DAY_MS)),
                topic(Topics.EVENTS.name(), partitions, transientFor(DAY_MS)),
                topic(Topics.WEBHOOKS.name(), partitions, transientFor(DAY_MS)),
                topic(Topics.REPLIES.name(), partitions, transientFor(REPLIES_MS)),
                topic(Topics.STREAM.name(), partitions, transientFor(streamRetentionMs)),
                topic(Topics.ASSISTANTS.name(), 1, Map.of("cleanup.policy", "compact")));
    }

    /** Deleted after {@code retentionMs}, in segments of a sixth of it (at least a minute, at most an hour). */
    private static Map<String, String> transientFor(long retentionMs) {
        long segmentMs = Math.max(60_000, Math.min(HOUR_MS, retentionMs / 6));
        return Map.of("retention.ms", String.valueOf(retentionMs), "segment.ms", String.valueOf(segmentMs));
    }

    /** As {@link #transientFor}, in segments of at most 64 MiB, so that a purge below a recent offset frees disk. */
    private static Map<String, String> purgedAfterUse(long retentionMs) {
        var configs = new java.util.HashMap<>(transientFor(retentionMs));
        configs.put("segment.bytes", String.valueOf(PURGED_SEGMENT_BYTES));
        return configs;
    }

    private static final int PURGED_SEGMENT_BYTES = 64 * 1024 * 1024;

    private NewTopic topic(String name, int partitionCount, Map<String, String> configs) {
        var merged = new java.util.HashMap<>(configs);
        merged.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
        merged.put("max.message.bytes", String.valueOf(ProducerDefaults.MAX_RECORD_BYTES));
        return new NewTopic(name, partitionCount, replicationFactor).configs(merged);
    }
}
