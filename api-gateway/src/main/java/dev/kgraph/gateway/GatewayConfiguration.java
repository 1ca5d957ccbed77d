package dev.kgraph.gateway;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.requests.ReplyChannels;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.topics.ProducerDefaults;
import dev.kgraph.model.topics.TopicCreationConfiguration;
import dev.kgraph.model.topics.Topics;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/** Wires the gateway: topics, the request producer, reply correlation and the assistant directory. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySettings.class)
@PropertySource("classpath:kgraph-gateway-defaults.properties")
@Import(TopicCreationConfiguration.class)
public class GatewayConfiguration {

    @Bean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }



    @Bean(destroyMethod = "close")
    SequencerClient threadWriter(KafkaProperties kafka, GatewaySettings settings) {
        var producer = new KafkaProducer<>(ProducerDefaults.durableLowLatency(kafka.buildProducerProperties(),
                String.join(",", kafka.getBootstrapServers())),
                Topics.REQUESTS.keySerde().serializer(), Topics.REQUESTS.valueSerde().serializer());
        return new SequencerClient(producer, settings.instanceId(), settings.requestTimeout(),
                settings.maxPendingRequests());
    }

    @Bean
    RunCompletions runCompletions(GatewaySettings settings, SequencerClient sequencer) {
        return new RunCompletions(settings.maxWaiters(), sequencer::bodyOfEndedRun);
    }

    @Bean
    AssistantDirectory assistantDirectory() {
        return new AssistantDirectory();
    }

    @Bean
    ReplyChannels replyChannels(KafkaProperties kafka, SequencerClient sequencer, RunCompletions completions,
                                AssistantDirectory assistants) {
        return new ReplyChannels(String.join(",", kafka.getBootstrapServers()), sequencer, completions, assistants);
    }
}
