package dev.kgraph.model.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerDefaultsTests {

    @Test
    void recordsAreSentAtOnceDurablyAndUncompressedByDefault() {
        var config = ProducerDefaults.durableLowLatency(Map.of(), "127.0.0.1:9092");

        assertThat(config).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    @Test
    void aDeploymentsOwnCodecWins() {
        // spring.kafka.producer.compression-type=snappy reaches here as a client property
        var config = ProducerDefaults.durableLowLatency(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy"),
                "127.0.0.1:9092");

        assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        // and Kafka Streams' producer, configured apart, is given the same codec
        assertThat(ProducerDefaults.compression(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy")))
                .isEqualTo("snappy");
    }
}
