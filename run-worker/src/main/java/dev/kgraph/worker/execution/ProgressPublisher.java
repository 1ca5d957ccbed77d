package dev.kgraph.worker.execution;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.topics.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Publishes run progress keyed by thread id. One producer for all executions: sends of one run stay in order (same
 * key, same partition, idempotent producer), which the sequencer relies on: a run's checkpoints precede its end. The
 * same producer sends a run's final values to the gateways ({@link #sendValues}): one more topic, not one more I/O
 * thread, and both records of a run's end usually leave in one request.
 */
public final class ProgressPublisher implements AutoCloseable {
    private final Producer<String, Object> producer;

    /** @param producer a producer whose values are written by {@link #serializer()} */
    public ProgressPublisher(Producer<String, Object> producer) {
        this.producer = producer;
    }

    /**
     * The value serializer of this publisher's producer: progress as {@code kgraph.progress} writes it, run values as
     * {@code kgraph.events} does (each with its large values in headers).
     */
    public static Serializer<Object> serializer() {
        var progress = Topics.PROGRESS.valueSerde().serializer();
        var events = Topics.EVENTS.valueSerde().serializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object data) {
                return data instanceof RunEvent event ? events.serialize(topic, event)
                        : progress.serialize(topic, (RunProgress) data);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Object data) {
                return data instanceof RunEvent event ? events.serialize(topic, headers, event)
                        : progress.serialize(topic, headers, (RunProgress) data);
            }
        };
    }

    /** The producer, for its metrics only (Micrometer's {@code KafkaClientMetrics}). */
    public Producer<String, Object> metricsSource() {
        return producer;
    }

    /** Completes when Kafka acknowledged the record (acks=all), or exceptionally when it could not be written. */
    public CompletableFuture<Void> send(RunProgress progress) {
        return send(new ProducerRecord<>(Topics.PROGRESS.name(), progress.threadId(), progress));
    }

    /**
     * Sends a run's final values to {@code kgraph.events} (same key as the writer's completion, so the same
     * partition), with the run id header that lets gateways skip them undecoded. Returns false when the producer
     * refused them at once (too large for a record): they then go with the end report, as before.
     */
    public boolean sendValues(RunEvent.RunValues values) {
        var sent = send(new ProducerRecord<>(Topics.EVENTS.name(), null, values.threadId(), values,
                dev.kgraph.model.events.RunEventHeaders.of(values)));
        return !sent.isCompletedExceptionally();
    }

    private CompletableFuture<Void> send(ProducerRecord<String, Object> record) {
        var acked = new CompletableFuture<Void>();
        producer.send(record, (meta, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

    /** Whether {@code error}, or what caused it, is Kafka's refusal of a record larger than it takes. */
    public static boolean tooLarge(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        producer.close();
    }
}
