package dev.kgraph.worker.execution;

import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.topics.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes run progress keyed by thread id. One producer for all executions: sends of one run stay in order (same
 * key, same partition, idempotent producer), which the sequencer relies on: a run's checkpoints precede its end.
 */
public final class ProgressPublisher implements AutoCloseable {
    private final Producer<String, RunProgress> producer;

    public ProgressPublisher(Producer<String, RunProgress> producer) {
        this.producer = producer;
    }

    /** The producer, for its metrics only (Micrometer's {@code KafkaClientMetrics}). */
    public Producer<String, RunProgress> metricsSource() {
        return producer;
    }

    /** Completes when Kafka acknowledged the record (acks=all), or exceptionally when it could not be written. */
    public CompletableFuture<Void> send(RunProgress progress) {
        var acked = new CompletableFuture<Void>();
        producer.send(new ProducerRecord<>(Topics.PROGRESS.name(), progress.threadId(), progress), (meta, error) -> {
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
