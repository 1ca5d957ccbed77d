package dev.kgraph.gateway.management;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.requests.ReplyChannels;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.gateway.streaming.RunStreams;
import dev.kgraph.model.assistants.AssistantRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationPredicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The gateway's health indicators and meters.
 *
 * <p>Readiness ({@code /actuator/health/readiness}, and so {@code GET /ok}) includes:
 * <ul>
 *   <li>{@code kafkaTails}: the replies and run-events tails poll from their start positions, so an answer or a
 *       completion asked for now cannot be missed;</li>
 *   <li>{@code assistants}: the assistant registry ({@code kgraph.assistants}) was read up to where it ended when
 *       the gateway started, and holds at least one graph (every graph of {@link ReadinessSettings#graphs()} when
 *       set): a gateway that knows no graph can create no run (the first run after a start answered 422
 *       "registered graphs: " without it).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadinessSettings.class)
public class GatewayManagementConfiguration {

    @Bean
    HealthIndicator kafkaTailsHealthIndicator(ReplyChannels channels) {
        return () -> {
            var details = new LinkedHashMap<String, Object>();
            for (var tail : channels.tails()) {
                details.put(tail.topic(), !tail.polling() ? "not polling" : tail.caughtUp() ? "positioned"
                        : "reading");
            }
            return (channels.repliesPositioned() ? Health.up() : Health.down()).withDetails(details).build();
        };
    }

    @Bean
    HealthIndicator assistantsHealthIndicator(ReplyChannels channels, AssistantDirectory assistants,
                                              ReadinessSettings settings) {
        return () -> {
            // the graphs workers registered (their system assistants), not those of assistants users created
            var graphs = assistants.all().stream().filter(AssistantDirectory::isSystem).map(AssistantRecord::graphId)
                    .distinct().sorted().toList();
            var missing = settings.graphs().stream().filter(graph -> !graphs.contains(graph)).toList();
            boolean read = channels.assistantsRead();
            var health = read && !graphs.isEmpty() && missing.isEmpty() ? Health.up() : Health.down();
            health.withDetail("registry", read ? "read" : "reading").withDetail("graphs", graphs);
            if (!missing.isEmpty()) {
                health.withDetail("missing", missing);
            }
            return health.build();
        };
    }

    @Bean
    MeterBinder gatewayGauges(RunCompletions completions, SequencerClient sequencer,
                              ObjectProvider<RunStreams> streams) {
        return registry -> {
            streams.ifAvailable(s -> {
                Gauge.builder("kgraph.gateway.sse.live", s, RunStreams::subscribed)
                        .description("SSE connections following a run's events live on this gateway")
                        .register(registry);
                Gauge.builder("kgraph.gateway.sse.replaying", s, RunStreams::replaying)
                        .description("SSE connections resumed with Last-Event-ID, reading kgraph.stream from a position")
                        .register(registry);
            });
            Gauge.builder("kgraph.gateway.waiters", completions, RunCompletions::waiting)
                    .description("callers of runs/wait and join waiting for a run's completion on this gateway")
                    .register(registry);
            Gauge.builder("kgraph.gateway.pending.requests", sequencer, SequencerClient::pending)
                    .description("requests sent to the threads' writers and waiting for their reply on this gateway")
                    .register(registry);
        };
    }

    @Bean(destroyMethod = "close")
    KafkaClientsBinder gatewayKafkaClients(SequencerClient sequencer, ReplyChannels channels) {
        return new KafkaClientsBinder(() -> {
            var clients = new ArrayList<Object>(List.of(sequencer.metricsSource()));
            channels.tails().forEach(tail -> clients.add(tail.metricsSource()));
            return clients;
        });
    }

    @Bean
    RunsWaitTimer runsWaitTimer(MeterRegistry registry) {
        return new RunsWaitTimer(registry);
    }

    /**
     * Leaves {@code runs/wait} out of Spring's {@code http.server.requests} observation: {@link RunsWaitTimer} times
     * those calls (with buckets for waits of milliseconds to an hour) and {@code kgraph.gateway.waiters} counts the
     * waiting ones. The observation's state (its context's three maps, key values, timer and long-task-timer samples)
     * lived as long as the wait: about 1 KB of each waiting call (heap dump; docs/benchmarks.md, section 8).
     */
    @Bean
    ObservationPredicate runsWaitOutsideHttpServerObservation() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && RunsWaitTimer.times(server.getCarrier()));
    }
}
