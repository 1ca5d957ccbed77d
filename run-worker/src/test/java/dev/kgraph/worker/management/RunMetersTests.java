package dev.kgraph.worker.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.runs.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator reads off the worker's run meters, series by series. */
class RunMetersTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunMeters meters = new RunMeters(registry, List.of("echo", "slow"));

    @Test
    void everyGraphAndFinalStatusIsThereFromTheStartAtZero() {
        for (var graph : List.of("echo", "slow")) {
            assertThat(registry.get("kgraph.runs.accepted").tag("graph_id", graph).counter().count()).isZero();
            for (var status : List.of("success", "error", "timeout", "interrupted")) {
                assertThat(registry.get("kgraph.runs.finished").tags("graph_id", graph, "status", status)
                        .counter().count()).isZero();
                assertThat(registry.get("kgraph.run.duration").tags("graph_id", graph, "status", status)
                        .timer().count()).isZero();
            }
        }
    }

    @Test
    void runsAreCountedByGraphAndStatusAndTimed() {
        meters.created("echo");
        meters.created("echo");
        meters.finished("echo", RunStatus.SUCCESS);
        meters.finished("echo", RunStatus.INTERRUPTED);
        meters.ended("echo", RunStatus.SUCCESS, Duration.ofMillis(40).toNanos());
        meters.created("elsewhere"); // a graph this worker does not have (another worker's)

        assertThat(registry.get("kgraph.runs.accepted").tag("graph_id", "echo").counter().count()).isEqualTo(2);
        assertThat(registry.get("kgraph.runs.accepted").tag("graph_id", "elsewhere").counter().count()).isEqualTo(1);
        assertThat(registry.get("kgraph.runs.finished").tags("graph_id", "echo", "status", "success").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("kgraph.runs.finished").tags("graph_id", "echo", "status", "interrupted").counter()
                .count()).isEqualTo(1);
        var timer = registry.get("kgraph.run.duration").tags("graph_id", "echo", "status", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(40);
    }

    @Test
    void theLongestQueueAndTheQueuedRunsFollowTheThreadsAndForgetAPartitionThatMovedAway() {
        meters.queued(0, "t1", 3);
        meters.queued(0, "t2", 1);
        meters.queued(1, "t3", 2);
        assertThat(registry.get("kgraph.threads.queued.runs.max").gauge().value()).isEqualTo(3);
        assertThat(registry.get("kgraph.runs.queued").gauge().value()).isEqualTo(6);

        meters.queued(0, "t1", 0); // its queue drained
        assertThat(registry.get("kgraph.threads.queued.runs.max").gauge().value()).isEqualTo(2);

        meters.partitionClosed(1);
        assertThat(registry.get("kgraph.threads.queued.runs.max").gauge().value()).isEqualTo(1);
        assertThat(registry.get("kgraph.runs.queued").gauge().value()).isEqualTo(1);
    }
}
