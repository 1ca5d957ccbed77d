package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerMetricsTests {

    @Test
    void readsTheRunsInFlightGaugeAndNotItsNamesakes() {
        var page = """
                # HELP kgraph_runs_in_flight Graphs executing on this worker now
                # TYPE kgraph_runs_in_flight gauge
                kgraph_runs_in_flight{application="kgraph-worker"} 3.0
                kgraph_runs_in_flight_max 9.0
                kgraph_runs_queued 4.0
                """;
        assertThat(WorkerMetrics.gauge(page)).isEqualTo(3);
        assertThat(WorkerMetrics.gauge("kgraph_runs_in_flight 0.0\n")).isZero();
        assertThat(WorkerMetrics.gauge("kgraph_runs_queued 4.0\n")).isEqualTo(-1);
    }
}
