package dev.kgraph.worker.management;

import java.util.function.Supplier;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the sequencer (Kafka Streams): {@code UP} once Streams has been {@code RUNNING}, i.e. it owns its
 * partitions with their stores restored and decides on requests, and while it stays {@code RUNNING}, or goes through
 * a {@code REBALANCING} after that (a worker joining or leaving the group is routine: taking every worker out of
 * service for it would only add noise). {@code DOWN} before the first {@code RUNNING} (start-up, restoring the
 * stores) and once Streams is stopping, stopped or failed. Told of the state changes as a
 * {@link KafkaStreams.StateListener}.
 */
final class SequencerHealth implements HealthIndicator, KafkaStreams.StateListener {
    private final Supplier<Optional<KafkaStreams.State>> state;
    private volatile boolean hasRun;

    SequencerHealth(Supplier<Optional<KafkaStreams.State>> state) {
        this.state = state;
    }

    @Override
    public void onChange(KafkaStreams.State next, KafkaStreams.State previous) {
        if (next == KafkaStreams.State.RUNNING) {
            hasRun = true;
        } else if (!next.isRunningOrRebalancing()) {
            hasRun = false; // a new start must reach RUNNING again
        }
    }

    @Override
    public Health health() {
        var current = state.get();
        if (current.isEmpty()) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        return (isReady(current.get(), hasRun) ? Health.up() : Health.down())
                .withDetail("state", current.get().name()).build();
    }

    /** The rule above: RUNNING, or REBALANCING after having been RUNNING. */
    static boolean isReady(KafkaStreams.State state, boolean hasRun) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING && hasRun;
    }
}
