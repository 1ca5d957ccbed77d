package dev.kgraph.worker.execution;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.topics.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes run stream events to {@code kgraph.stream}, keyed by thread id (one partition per thread, so the offsets
 * of a run's events only grow). One producer for all executions; sends of one run keep their call order (same
 * partition, idempotent producer). Used only for runs someone streams: a plain {@code runs/wait} sends nothing here.
 */
public final class StreamPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;

    public StreamPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Sends one event; completes when Kafka acknowledged it. {@code data} is written as JSON once, here. */
    public CompletableFuture<Void> send(String threadId, String runId, int attempt, String event, Object data) {
        return sendRaw(threadId, runId, attempt, event, Json.write(data));
    }

    /** Marks the end of this attempt's events (not forwarded to clients). */
    public CompletableFuture<Void> sendDone(String threadId, String runId, int attempt) {
        return sendRaw(threadId, runId, attempt, StreamRecords.CONTROL, StreamRecords.DONE);
    }

    private CompletableFuture<Void> sendRaw(String threadId, String runId, int attempt, String event, byte[] value) {
        var record = new ProducerRecord<>(Topics.STREAM.name(), threadId, value);
        record.headers().add(StreamRecords.RUN_ID, StreamRecords.utf8(runId));
        record.headers().add(StreamRecords.EVENT, StreamRecords.utf8(event));
        record.headers().add(StreamRecords.ATTEMPT, StreamRecords.utf8(Integer.toString(attempt)));
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

    @Override
    public void close() {
        producer.close();
    }
}
