package dev.kgraph.gateway.streaming;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;

import dev.kgraph.gateway.runs.RunLauncher;
import dev.kgraph.gateway.requests.RunCompletions;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires streaming: the shared tail of {@code kgraph.stream}, started before the web server, and the launcher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamSettings.class)
public class StreamingConfiguration {

    @Bean(destroyMethod = "close")
    RunStreams runStreams(KafkaProperties kafka, StreamSettings settings) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // runs' events come from plain producers and are read at once either way; a thread's state_update is written
        // in its writer's transaction (exactly-once workers) and must not be sent before the update is committed, nor
        // at all if the transaction aborts. The cost: while such a transaction is open (one commit interval), later
        // records of the same partition wait for it.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new RunStreams(new StreamTail(config), config, settings);
    }

    @Bean
    RunStreamLauncher runStreamLauncher(RunStreams streams, RunCompletions completions, RunLauncher launcher) {
        return new RunStreamLauncher(streams, completions, launcher);
    }

    /** Starts the tail before the web server accepts requests (same phase as the reply channels). */
    @Bean
    SmartLifecycle streamTailLifecycle(RunStreams streams) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                streams.start();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return 0;
            }
        };
    }
}
