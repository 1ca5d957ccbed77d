package dev.kgraph.worker.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The worker's readiness follows Kafka Streams' state as a load balancer or an operator needs it. */
class SequencerHealthTests {
    private final AtomicReference<State> state = new AtomicReference<>();
    private final SequencerHealth health = new SequencerHealth(() -> Optional.ofNullable(state.get()));

    private Status move(State next) {
        var previous = state.getAndSet(next);
        health.onChange(next, previous);
        return health.health().getStatus();
    }

    @Test
    void downUntilStreamsRunsThenUpAndARebalanceDoesNotTakeTheWorkerOutOfService() {
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN); // not started
        assertThat(health.health().getDetails()).containsEntry("state", "NOT_STARTED");

        assertThat(move(State.CREATED)).isEqualTo(Status.DOWN);
        assertThat(move(State.REBALANCING)).isEqualTo(Status.DOWN); // first assignment, stores restoring
        assertThat(move(State.RUNNING)).isEqualTo(Status.UP);
        assertThat(move(State.REBALANCING)).isEqualTo(Status.UP); // a worker joined or left: routine
        assertThat(move(State.RUNNING)).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("state", "RUNNING");
    }

    @Test
    void downOnceStreamsStopsOrFailsAndUntilARestartRunsAgain() {
        move(State.CREATED);
        move(State.REBALANCING);
        move(State.RUNNING);

        assertThat(move(State.PENDING_ERROR)).isEqualTo(Status.DOWN);
        assertThat(move(State.ERROR)).isEqualTo(Status.DOWN);

        assertThat(move(State.CREATED)).isEqualTo(Status.DOWN); // restarted
        assertThat(move(State.REBALANCING)).isEqualTo(Status.DOWN);
        assertThat(move(State.RUNNING)).isEqualTo(Status.UP);
        assertThat(move(State.PENDING_SHUTDOWN)).isEqualTo(Status.DOWN);
        assertThat(move(State.NOT_RUNNING)).isEqualTo(Status.DOWN);
    }
}
