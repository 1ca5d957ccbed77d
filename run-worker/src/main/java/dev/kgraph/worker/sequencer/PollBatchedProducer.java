package dev.kgraph.worker.sequencer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stream thread's producer whose records leave together, when the thread is done with what its last poll returned,
 * instead of one by one as the decisions write them.
 *
 * <p>With {@code linger.ms=0} Kafka's sender takes a batch the moment its first record is in it: at one client a
 * run's end (three checkpoints, the run's and the thread's entries, the completion) left in three or four requests,
 * and a batch of a record or two compresses poorly (the end's five store entries took 1.7 KB in one batch, 3.3 KB in
 * four). Here the producer lingers ({@link #LINGER_MS}, a bound that only a long poll loop reaches) and the stream
 * thread, before it polls again ({@link PacedConsumer}), flushes: everything the loop sent goes in one request, and the
 * thread waits for its acknowledgement, as Kafka Streams' own commit does. The wait is the time the records would
 * have taken anyway; under load, what arrives meanwhile is read by the next poll in one go, so batches grow with the
 * load instead of staying a record or two (docs/benchmarks.md, section 7, "2026-12-07 night").
 *
 * <p>Nothing is held outside Kafka's producer: its transactions, ordering, retries and Kafka Streams' flush at a
 * commit are unchanged; only when the sender takes a batch moves.
 */
final class PollBatchedProducer extends KafkaProducer<byte[], byte[]> {
    /** How long a record waits at most for its thread's next poll: a bound, not the usual wait. */
    static final int LINGER_MS = 5;

    /** The producer the current stream thread sends with; each stream thread has its own. */
    private static final ThreadLocal<PollBatchedProducer> SENDER = new ThreadLocal<>();

    /** Records were sent since the last flush; read and written by the sending stream thread only. */
    private boolean sentSinceFlush;

    PollBatchedProducer(Map<String, Object> config) {
        super(lingering(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> lingering(Map<String, Object> config) {
        var lingering = new HashMap<>(config);
        lingering.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        return lingering;
    }

    /**
     * The current stream thread is about to poll: whatever it sent since its last poll leaves now, and it waits for
     * the acknowledgement. Nothing to do when it sent nothing (an idle thread's polls cost no request).
     */
    static void beforePoll() {
        var producer = SENDER.get();
        if (producer != null && producer.sentSinceFlush) {
            producer.flush(); // a failed send is reported to its callback, which Kafka Streams handles as before
        }
    }

    /** Kafka Streams' own flush (an at-least-once commit) also sends everything: the next poll need not flush. */
    @Override
    public void flush() {
        sentSinceFlush = false;
        super.flush();
    }

    /** Committing a transaction sends everything first, as a flush does. */
    @Override
    public void commitTransaction() {
        sentSinceFlush = false;
        super.commitTransaction();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (SENDER.get() != this) {
            SENDER.set(this); // a replaced producer (exactly-once after a fencing) takes over its thread
        }
        sentSinceFlush = true;
        return super.send(record, callback);
    }
}
