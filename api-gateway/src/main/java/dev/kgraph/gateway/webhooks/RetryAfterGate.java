package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.KafkaConsumerBackoffManager;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;

/**
 * Honours a receiver's {@code Retry-After} as a lower bound on the next attempt, without letting one receiver hold
 * up the others. A retry topic serves one fixed delay, so its records are due in arrival order; a record that must
 * wait longer than that would block everything behind it. So a record still early by more than its topic's delay
 * is postponed: it moves on to the next, slower retry topic without an attempt (it uses up an attempt number). A record
 * early by less is waited for by pausing its partition until it is due, spring-kafka's own back-off mechanism,
 * which delays the records behind it by at most the topic's delay. Retry-After is capped at
 * {@code kgraph.webhooks.max-backoff}.
 */
final class RetryAfterGate {
    private final KafkaConsumerBackoffManager backoff;
    private final ListenerContainerRegistry containers;
    private final DestinationTopicResolver topics;
    private final Duration longest;
    private final Clock clock;

    RetryAfterGate(KafkaConsumerBackoffManager backoff, ListenerContainerRegistry containers,
                   DestinationTopicResolver topics, Duration longest, Clock clock) {
        this.backoff = backoff;
        this.containers = containers;
        this.topics = topics;
        this.longest = longest;
        this.clock = clock;
    }

    /** The wait a receiver asked for, within the configured longest back-off; null when it asked for none. */
    Duration cap(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(longest) <= 0 ? retryAfter : longest;
    }

    /**
     * Returns when the record is due. Otherwise throws: {@link DeliveryListener.RetryableDeliveryException} to
     * postpone it to the next retry topic, or spring-kafka's back-off exception after pausing the partition.
     */
    void awaitDue(ConsumerRecord<String, WebhookRequest> record, Consumer<?, ?> consumer) {
        long notBefore = notBefore(record);
        long early = notBefore - clock.millis();
        if (early <= 0) {
            return;
        }
        DestinationTopic topic = topics.getDestinationTopicByName(DeliveryListener.LISTENER_ID, record.topic());
        boolean slowerTopicAhead = topic != null && !topic.isReusableRetryTopic()
                && !topics.getNextDestinationTopicFor(DeliveryListener.LISTENER_ID, record.topic()).isDltTopic();
        if (slowerTopicAhead && early > topic.getDestinationDelay()) {
            throw new DeliveryListener.RetryableDeliveryException(record.value().runId(), "postponed",
                    "receiver asked to wait " + Duration.ofMillis(early), Duration.ofMillis(early));
        }
        var partition = new TopicPartition(record.topic(), record.partition());
        String containerId = containers.getListenerContainers().stream()
                .filter(c -> c.getListenerId() != null && c.getListenerId().startsWith(DeliveryListener.LISTENER_ID))
                .filter(c -> c.getAssignedPartitions() != null && c.getAssignedPartitions().contains(partition))
                .map(MessageListenerContainer::getListenerId)
                .findFirst().orElse(null);
        if (containerId != null) { // else (never seen): attempt now rather than spin
            backoff.backOffIfNecessary(backoff.createContext(notBefore, containerId, partition, consumer));
        }
    }

    private static long notBefore(ConsumerRecord<?, ?> record) {
        long notBefore = 0;
        for (Header header : record.headers().headers(WebhookHeaders.NOT_BEFORE)) {
            notBefore = Math.max(notBefore, Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        }
        return notBefore;
    }
}
