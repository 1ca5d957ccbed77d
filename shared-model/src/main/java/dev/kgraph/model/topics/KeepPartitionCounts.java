package dev.kgraph.model.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of the layout's topics topic creation may create or modify: a missing topic, or one whose partition
 * count is the wanted one, but never one that exists with another count. Creating topics with spring-kafka's
 * {@code KafkaAdmin} would otherwise add partitions to an existing topic whose count is lower than
 * {@code kgraph.topics.partitions}: on a key-partitioned topic that moves keys, so a thread's requests would reach
 * another partition than its stored state, and Kafka Streams refuses changelogs whose count differs from their
 * sources'. A process configured with another count than the topics have therefore uses them as they are, and says so
 * once. It guards the topics its predicate names (the layout's, and the sequencer's changelogs:
 * {@link TopicLayout#keepingPartitionCounts}); others (the webhook retry topics) are left to the default behaviour.
 *
 * <p>The existing counts are read once, at the first question, with a {@code listTopics} and one
 * {@code describeTopics} of the guarded ones; if the cluster does not answer, nothing is filtered and topic creation
 * fails or retries as it would have.
 */
public final class KeepPartitionCounts implements Predicate<NewTopic> {

    private static final Logger log = LoggerFactory.getLogger(KeepPartitionCounts.class);

    private final Predicate<String> guarded;
    private final Map<String, Object> adminConfig;
    private final long timeoutMs;
    private Map<String, Integer> existing;

    /**
     * @param guarded     the topics this guards, by name (e.g. {@link TopicLayout#newTopics()}' names)
     * @param adminConfig the admin client settings to read the existing topics with
     * @param timeoutMs   how long that read may take
     */
    public KeepPartitionCounts(Predicate<String> guarded, Map<String, Object> adminConfig, long timeoutMs) {
        this.guarded = guarded;
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public synchronized boolean test(NewTopic topic) {
        if (!guarded.test(topic.name())) {
            return true;
        }
        if (existing == null) {
            existing = partitionCounts();
        }
        Integer actual = existing.get(topic.name());
        if (actual == null || topic.numPartitions() < 0 || actual == topic.numPartitions()) {
            return true;
        }
        log.warn("Topic {} has {} partitions, not the {} of kgraph.topics.partitions: it is used as it is (adding "
                + "partitions would move threads to other partitions than their state)", topic.name(), actual,
                topic.numPartitions());
        return false;
    }

    /** Partition count of each guarded topic that exists; empty if the cluster could not be asked. */
    private Map<String, Integer> partitionCounts() {
        Map<String, Integer> counts = new HashMap<>();
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existingGuarded = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).stream()
                    .filter(guarded).collect(java.util.stream.Collectors.toSet());
            var described = admin.describeTopics(existingGuarded).topicNameValues();
            for (var entry : described.entrySet()) {
                try {
                    counts.put(entry.getKey(),
                            entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS).partitions().size());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not read the partition counts of the existing topics ({}); creating topics as configured",
                    e.toString());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return counts;
    }
}
