package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

class WebhookProducerFactoryTests {

    /** No broker is needed: a producer connects on its first send, and nothing here sends. */
    private final WebhookProducerFactory<String, String> factory = new WebhookProducerFactory<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"), new StringSerializer(),
            new StringSerializer());

    @Test
    void aDestroyedFactoryCreatesNoProducerSoALateForwardCannotLeakOne() {
        assertThat(factory.createProducer()).isNotNull();

        factory.destroy();

        assertThatThrownBy(factory::createProducer).isInstanceOf(KafkaException.class)
                .hasMessageContaining("webhook queue is closed");
        assertThatThrownBy(() -> factory.createProducer("tx-")).isInstanceOf(KafkaException.class);
        assertThatThrownBy(factory::createNonTransactionalProducer).isInstanceOf(KafkaException.class);
        // what a retry-topic forward does once the context has destroyed the factory
        var template = new KafkaTemplate<>(factory);
        assertThatThrownBy(() -> template.send("kgraph.webhooks-retry-0", "thread", "attempt"))
                .isInstanceOf(KafkaException.class);
    }
}
