package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a worker, a gateway and a broker (SIGKILL, one at a time) of a three-broker, three-worker, two-gateway
 * cluster of separate JVMs while clients run a mixed load through both gateways, restarts each, and then checks that
 * every accepted run ended exactly once with the right result, that no step was lost or duplicated, and that each
 * thread kept its order. Writes {@code target/fault-injection/summary.md}; the processes' logs are next to it.
 */
class ClusterFaultInjectionTests {
    private static final int CLIENTS = 24;
    private static final int MIN_RUNS = 500;
    private static final int ANSWERS_BETWEEN_FAULTS = 60;
    /** Hang guards, not timing assertions: on a 2-core machine loaded by other builds the set-up alone took over 2 min. */
    private static final Duration START_LIMIT = Duration.ofMinutes(4);

    private static @Nullable LocalCluster cluster;
    private static @Nullable Gateways gateways;

    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    @AfterAll
    static void killEveryProcess() {
        if (gateways != null) {
            gateways.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void noAcceptedRunIsLostOrDuplicatedWhenAWorkerAGatewayAndABrokerAreKilledAndAWorkerTurnsZombie() throws Exception {
        long seed = Long.getLong("kgraph.faults.seed", System.nanoTime());
        var outputDir = emptyDir(Path.of(System.getProperty("kgraph.faults.output-dir", "target/fault-injection")));
        var local = LocalCluster.create(Jars.in(Path.of(System.getProperty("kgraph.faults.repository-root", ".."))),
                outputDir);
        cluster = local;
        var api = startAndAwaitReady(local);
        gateways = api;
        endPhase("set-up");

        var probes = new Probes(api);
        var ledger = new Ledger();
        var workload = new Workload(api, ledger, CLIENTS, seed);
        var scenario = new FaultScenario(local, api, probes, ledger, ANSWERS_BETWEEN_FAULTS);
        String abortedBy = null;
        int answeredInLoad = 0;
        workload.start();
        try {
            scenario.run();
            await("at least " + MIN_RUNS + " runs submitted").atMost(Duration.ofMinutes(3))
                    .until(() -> ledger.sentCount() >= MIN_RUNS);
        } catch (RuntimeException | AssertionError e) {
            abortedBy = String.valueOf(e);
            throw e;
        } finally {
            endPhase(Summary.LOAD_PHASE);
            answeredInLoad = ledger.answeredCount();
            workload.stopAndDrain(Duration.ofMinutes(3));
            endPhase("drain");
            if (abortedBy != null) {
                report(outputDir, new Summary(CLIENTS, seed, phases, scenario.records(), List.of(),
                        probes.sentCount(), answeredInLoad, null, workload.clientErrors(), abortedBy));
            }
        }

        var tally = new Verifier(api).verify(ledger);
        var fenced = FencedReports.in(FencedReports.workerLogs(outputDir));
        tally.fencedReports.set(fenced.count());
        tally.streamsResumed.set(scenario.streamsResumed());
        endPhase("checks");
        var impacts = scenario.records().stream()
                .map(fault -> FaultImpact.of(fault, ledger.threads(), fenced.withResumed(tally.resumedRuns))).toList();
        var problems = new ArrayList<>(tally.problems());
        problems.addAll(probes.problems());
        problems.addAll(scenario.streamProblems());
        workload.clientErrors().forEach(error -> problems.add("CLIENT: " + error));
        // each fault hit runs in flight, and few enough requests had an outcome the client could not know
        problems.addAll(FaultChecks.problems(impacts, tally.fencedReports.get(), tally.submitted.get(),
                tally.ambiguousFound.get() + tally.ambiguousAbsent.get()));
        report(outputDir, new Summary(CLIENTS, seed, phases, scenario.records(), impacts, probes.sentCount(),
                answeredInLoad, tally, problems, null));

        assertThat(scenario.records()).as("faults done").hasSize(5);
        assertThat(tally.submitted.get()).as("runs submitted").isGreaterThanOrEqualTo(MIN_RUNS);
        assertThat(tally.duplicates.get()).as("duplicates").isZero();
        assertThat(tally.lost.get()).as("lost").isZero();
        assertThat(problems).as("problems (see target/fault-injection/summary.md)").isEmpty();
    }

    private static Gateways startAndAwaitReady(LocalCluster local) {
        local.startBrokers(START_LIMIT);
        local.startApplications();
        var api = new Gateways(local.gatewayUrls());
        for (int g = 0; g < api.count(); g++) {
            GatewayReadiness.await(api, g, local.gateway(g), START_LIMIT);
        }
        local.awaitWorkerGroup(3, START_LIMIT);
        new Probes(api).awaitServing(List.of(0, 1), START_LIMIT);
        return api;
    }

    private void endPhase(String name) {
        long now = System.nanoTime();
        phases.put(name, Duration.ofNanos(now - phaseStart));
        phaseStart = now;
    }

    private static void report(Path outputDir, Summary summary) throws IOException {
        var markdown = summary.markdown();
        System.out.println(markdown);
        Files.writeString(outputDir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
    }

    private static Path emptyDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }
}
