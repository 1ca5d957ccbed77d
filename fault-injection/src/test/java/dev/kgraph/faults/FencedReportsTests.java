package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencedReportsTests {

    @Test
    void countsEveryFencedReportAndNamesTheirRunsAsExecutedAgain(@TempDir Path dir) throws Exception {
        var log = dir.resolve("worker-1.log");
        Files.write(log, List.of(
                "... INFO ThreadSequencer : ignored a report of run r1 from a superseded execution (attempt 1,"
                        + " dispatch a; the run is at attempt 1, dispatch b, running)",
                "... INFO ThreadSequencer : ignored a report of run r1 from a superseded execution (attempt 1,"
                        + " dispatch a; the run is at attempt 2, dispatch c, running)",
                "... INFO ThreadSequencer : ignored a report of run r2 attempt 1: no such run",
                "... INFO RunLifecycle : run r3 of thread t lost its worker during attempt 1; it starts again"));

        var fenced = FencedReports.in(List.of(log));

        assertThat(fenced.count()).isEqualTo(3);
        assertThat(fenced.runIds()).containsExactlyInAnyOrder("r1", "r2");
        assertThat(fenced.withResumed(Set.of("r4"))).containsExactlyInAnyOrder("r1", "r2", "r4");
        assertThat(FencedReports.workerLogs(dir)).containsExactly(log);
    }
}
