package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.webhooks.WebhookRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.ProducerListener;

/**
 * Starts the listeners of the retry topics and of the dead-letter topic when they have something to read, rather than
 * with the gateway ({@code kgraph.webhooks.retry-listeners-on-demand}). With the default schedule that is 10 of the
 * 12 delivery consumers, each in a group of its own: idle, each fetches twice a second and its heartbeat thread wakes
 * ten times a second, and the broker answers all of it (the standalone server's idle CPU, docs/benchmarks.md section
 * 6). A listener starts
 * <ul>
 *   <li>when this gateway forwards a delivery to its topic: this is the producer listener of the template the retry
 *       machinery forwards with, so it sees every forward, whatever made the attempt fail;</li>
 *   <li>at start-up, when its topic holds deliveries its group has not read (the process stopped with retries
 *       pending), or when that cannot be checked.</li>
 * </ul>
 * Once started it stays up. A delivery waits for the start (a consumer joining its group, a fraction of a second)
 * only when it is due sooner than that, as with the shortest test back-offs.
 *
 * <p>For a single dispatching gateway, as in the standalone server: among several, a gateway that dies with deliveries
 * in a retry topic leaves them to the others, whose listener on that topic may not run until they forward one too.
 */
final class RetryListenersOnDemand implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RetryListenersOnDemand.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final ListenerContainerRegistry registry;
    private final Map<String, Object> adminConfig;
    private volatile boolean running;

    /** @param adminConfig configuration of the admin client that looks for pending deliveries at start-up */
    RetryListenersOnDemand(ListenerContainerRegistry registry, Map<String, Object> adminConfig) {
        this.registry = registry;
        this.adminConfig = Map.copyOf(adminConfig);
    }

    /** Whether a container reads a retry topic or the dead-letter topic (and is started on demand here). */
    static boolean readsRetryTopic(MessageListenerContainer container) {
        var topics = container.getContainerProperties().getTopics();
        return topics != null && topics.length > 0 && java.util.Arrays.stream(topics)
                .allMatch(topic -> topic.startsWith(WebhookTopics.DELIVERIES + "-"));
    }

    /**
     * The producer listener for the template the retry machinery forwards with. Not a bean itself: a
     * {@link ProducerListener} bean would replace Spring Boot's own for every other template.
     */
    ProducerListener<String, WebhookRequest> forwards() {
        return new ProducerListener<>() {
            @Override
            public void onSuccess(ProducerRecord<String, WebhookRequest> record, RecordMetadata metadata) {
                forwarded(record.topic());
            }
        };
    }

    private void forwarded(String topic) {
        if (running && topic.startsWith(WebhookTopics.DELIVERIES + "-")) {
            for (var container : deferred()) {
                if (!container.isRunning() && List.of(container.getContainerProperties().getTopics())
                        .contains(topic)) {
                    // not on the producer's I/O thread, which runs this callback
                    Thread.ofVirtual().name("webhook-listener-start").start(() -> start(container,
                            "a delivery was forwarded to " + topic));
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        Thread.ofPlatform().daemon().name("webhook-pending-check").start(this::startThoseWithPendingDeliveries);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the listener registry (which starts the others), before it at shutdown. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }

    private void startThoseWithPendingDeliveries() {
        var containers = deferred();
        if (containers.isEmpty()) {
            return;
        }
        try (var admin = Admin.create(adminConfig)) {
            for (var container : containers) {
                if (running && hasPendingDeliveries(admin, container)) {
                    start(container, "its topic holds deliveries not read yet");
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("could not check the webhook retry topics for pending deliveries; starting all their listeners",
                    e);
            containers.forEach(container -> start(container, "the check failed"));
        }
    }

    /** Whether the container's group is behind the end of one of its topics' partitions. */
    private static boolean hasPendingDeliveries(Admin admin, MessageListenerContainer container) throws Exception {
        long timeout = CHECK_TIMEOUT.toMillis();
        var topics = List.of(container.getContainerProperties().getTopics());
        var partitions = admin.describeTopics(topics).allTopicNames().get(timeout, TimeUnit.MILLISECONDS).values()
                .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(container.getGroupId())
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        var earliest = new HashMap<TopicPartition, OffsetSpec>();
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> {
            earliest.put(p, OffsetSpec.earliest());
            latest.put(p, OffsetSpec.latest());
        });
        var starts = admin.listOffsets(earliest).all().get(timeout, TimeUnit.MILLISECONDS);
        var ends = admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
        for (var partition : partitions) {
            var read = committed.get(partition);
            // a group that never committed on the partition reads it from the start (auto.offset.reset=earliest)
            long position = Math.max(read != null ? read.offset() : 0, starts.get(partition).offset());
            if (ends.get(partition).offset() > position) {
                return true;
            }
        }
        return false;
    }

    private List<MessageListenerContainer> deferred() {
        return registry.getListenerContainers().stream().filter(RetryListenersOnDemand::readsRetryTopic).toList();
    }

    private void start(MessageListenerContainer container, String why) {
        if (running && !container.isRunning()) {
            log.info("starting webhook listener {}: {}", container.getListenerId(), why);
            container.start();
        }
    }

    /** The admin client's configuration: the gateway's own ({@code spring.kafka.admin.*}) and where Kafka is. */
    static Map<String, Object> adminConfig(Map<String, Object> adminProperties, String bootstrapServers) {
        var config = new HashMap<>(adminProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
