package dev.kgraph.worker.management;

import dev.kgraph.worker.WorkerSettings;
import dev.kgraph.worker.assistants.PublishedAssistants;
import dev.kgraph.worker.execution.ProgressPublisher;
import dev.kgraph.worker.execution.RunExecutor;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.SequencerStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's health indicators and meters.
 *
 * <p>Readiness ({@code /actuator/health/readiness}) includes {@code sequencer} ({@link SequencerHealth}) and
 * {@code graphs}: at least one graph is registered and the worker's assistants were acknowledged by Kafka, so
 * gateways can learn them. Liveness turns {@code BROKEN} when Kafka Streams ends in {@code ERROR} (every stream
 * thread died and was not replaced): only a restart helps then.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerManagementConfiguration {
    private static final Logger log = LoggerFactory.getLogger(WorkerManagementConfiguration.class);

    @Bean
    RunMeters runMeters(MeterRegistry registry, GraphRegistry graphs) {
        return new RunMeters(registry, graphs.providers().keySet());
    }

    @Bean
    SequencerHealth sequencerHealthIndicator(SequencerStreams streams, ApplicationEventPublisher events,
                                             WorkerSettings settings, ConfigurableApplicationContext context) {
        var health = new SequencerHealth(streams::state);
        streams.addStateListener(health);
        streams.addStateListener((next, previous) -> {
            if (next == KafkaStreams.State.ERROR) {
                log.error("Kafka Streams failed for good; liveness is now BROKEN");
                AvailabilityChangeEvent.publish(events, streams, LivenessState.BROKEN);
                if (settings.exitOnStreamsError()) {
                    exit(context);
                }
            }
        });
        return health;
    }

    /**
     * Stops the process with status 70 so that a restart policy (Docker's, Kubernetes', systemd's) brings up a fresh
     * worker: a health check alone restarts nothing under Docker. It runs on a thread of its own, since closing the
     * context closes Kafka Streams, which must not happen on the stream thread that reported the state.
     */
    private static void exit(ConfigurableApplicationContext context) {
        Thread.ofPlatform().name("kgraph-exit-on-streams-error").start(() -> {
            log.error("exiting with status 70 (kgraph.worker.exit-on-streams-error)");
            System.exit(SpringApplication.exit(context, () -> 70));
        });
    }

    @Bean
    HealthIndicator graphsHealthIndicator(GraphRegistry graphs, PublishedAssistants published) {
        return () -> {
            var ids = graphs.providers().keySet().stream().sorted().toList();
            boolean ready = !ids.isEmpty() && published.done();
            return (ready ? Health.up() : Health.down())
                    .withDetail("graphs", ids)
                    .withDetail("assistants", published.done() ? "published" : "not published yet")
                    .build();
        };
    }

    @Bean
    MeterBinder workerGauges(RunExecutor executor) {
        return registry -> {
            Gauge.builder("kgraph.runs.in.flight", executor, RunExecutor::inFlight)
                    .description("run executions in progress on this worker (each holds one of max-concurrent-runs)")
                    .register(registry);
            Gauge.builder("kgraph.runs.retries.in.flight", executor, RunExecutor::retriesInFlight)
                    .description("executions in progress that repeat a run whose earlier attempt was cut (a worker"
                            + " died or lost the thread): work redone after a failure")
                    .register(registry);
        };
    }

    /** The progress producer's metrics, and Kafka Streams' (bound at each start of Streams, removed at its stop). */
    @Bean(destroyMethod = "close")
    WorkerKafkaMetrics workerKafkaMetrics(ProgressPublisher progress, SequencerStreams streams,
                                          ObjectProvider<MeterRegistry> registry) {
        return new WorkerKafkaMetrics(progress, streams, registry);
    }

    static final class WorkerKafkaMetrics implements AutoCloseable {
        private final KafkaClientMetrics progress;
        private final AtomicReference<KafkaStreamsMetrics> streams = new AtomicReference<>();

        WorkerKafkaMetrics(ProgressPublisher publisher, SequencerStreams sequencer,
                           ObjectProvider<MeterRegistry> registry) {
            this.progress = new KafkaClientMetrics(publisher.metricsSource());
            registry.ifAvailable(progress::bindTo);
            sequencer.onLifecycle(created -> registry.ifAvailable(meters -> {
                var metrics = new KafkaStreamsMetrics(created);
                metrics.bindTo(meters);
                close(streams.getAndSet(metrics));
            }), () -> close(streams.getAndSet(null)));
        }

        private static void close(KafkaStreamsMetrics metrics) {
            if (metrics != null) {
                metrics.close();
            }
        }

        @Override
        public void close() {
            progress.close();
            close(streams.getAndSet(null));
        }
    }
}
