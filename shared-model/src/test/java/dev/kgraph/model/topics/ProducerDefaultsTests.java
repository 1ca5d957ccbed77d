package dev.kgraph.model.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerDefaultsTests {

    @Test
    void recordsAreSentAtOnceDurablyAndSnappyCompressedByDefault() {
        var config = ProducerDefaults.durableLowLatency(Map.of(), "127.0.0.1:9092");

        assertThat(config).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
    }

    @Test
    void aDeploymentsOwnCodecWins() {
        // spring.kafka.producer.compression-type=none reaches here as a client property
        var config = ProducerDefaults.durableLowLatency(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                "127.0.0.1:9092");

        assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // and Kafka Streams' producer, configured apart, is given the same codec
        assertThat(ProducerDefaults.compression(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")))
                .isEqualTo("zstd");
        assertThat(ProducerDefaults.compression(Map.of())).isEqualTo("snappy");
    }
}
