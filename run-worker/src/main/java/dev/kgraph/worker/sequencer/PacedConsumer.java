package dev.kgraph.worker.sequencer;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The stream thread's main consumer, whose poll lasts as long as {@link SequencerWakeUps} allows instead of
 * {@code poll.ms} when the thread's sequencers have nothing due. Only the wait changes: records end the poll as soon
 * as they arrive, exactly as before.
 */
final class PacedConsumer extends KafkaConsumer<byte[], byte[]> {
    private final SequencerWakeUps wakeUps;

    PacedConsumer(Map<String, Object> config, SequencerWakeUps wakeUps) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.wakeUps = wakeUps;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        PollBatchedProducer.beforePoll(); // what the thread's last loop sent leaves together
        return super.poll(wakeUps.pollTimeout(assignment(), timeout, System.currentTimeMillis()));
    }

    /**
     * Kafka Streams' clients as it makes them by default, but with {@link PacedConsumer} as every stream thread's
     * main consumer and {@link PollBatchedProducer} as its producer (flushed by the consumer before each poll).
     */
    static final class Supplier implements KafkaClientSupplier {
        private final SequencerWakeUps wakeUps;

        Supplier(SequencerWakeUps wakeUps) {
            this.wakeUps = wakeUps;
        }

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return new PollBatchedProducer(config);
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            return new PacedConsumer(config, wakeUps);
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }
}
