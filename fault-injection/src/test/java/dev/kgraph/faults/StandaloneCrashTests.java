package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standalone server as a user starts it ({@code java -jar standalone-*.jar} on a data directory), under a mixed
 * load from many client threads ({@code slow} and {@code counter} {@code runs/wait}, a {@code counter} paused and
 * resumed, {@code echo} and {@code counter} runs enqueued in the background then joined), killed with SIGKILL at
 * several points and started again on the same data each time. Then, from the clients' records: every accepted run
 * ended exactly once with the expected answer, nothing is left pending or running, each thread kept its order (echo
 * messages, counter sums: twice the accepted runs, one checkpoint chain), and each kill hit runs in flight that were
 * executed again. Writes {@code target/standalone-crash/<mode>/summary.md}, the server's log next to it.
 * <p>
 * It runs once in each worker mode, each on a fresh data directory: the standalone's default, at-least-once, and
 * with {@code --kgraph.worker.exactly-once=true}; {@code -Dkgraph.crash.exactly-once=true|false} runs only one.
 * Each mode once caught a run's input applied twice after a kill (docs/reliability.md): a dispatch undone by the
 * kill, made again as the same attempt, while its first execution's checkpoints survived.
 */
class StandaloneCrashTests {
    private static final int CLIENTS = 16;
    private static final int MIN_RUNS = 300;
    private static final int ANSWERS_BETWEEN_KILLS = 40;
    private static final int MIN_IN_FLIGHT = 6;
    private static final Duration START_LIMIT = Duration.ofMinutes(2);
    /**
     * How long the execution a kill aims at must still have to run when the kill is decided. A kill has to cut an
     * execution of a request in flight: the executions gauge cannot tell those from the runs a restarted server takes
     * up first (runs the last kill cut or left queued, whose callers have already lost their answer), and a fast run
     * it shows may end before the kill lands (a CI run once killed at a gauge of 2 and cut none of 22 requests).
     */
    private static final Duration EXECUTION_LEFT = Duration.ofMillis(300);

    /** Where in the load each kill lands. */
    enum KillPoint {
        /** After the load has made progress: runs waiting, running and enqueued. */
        UNDER_LOAD("under load"),
        /** As soon as the restarted server serves again and has requests in flight: while it recovers the last kill. */
        DURING_RECOVERY("right after the restart, while recovering"),
        /** After progress again, once the recovered runs have moved on. */
        UNDER_LOAD_AGAIN("under load again");

        final String label;

        KillPoint(String label) {
            this.label = label;
        }
    }

    private @Nullable ChildProcess server;
    private @Nullable Gateways api;

    @AfterEach
    void killTheServer() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.kill();
        }
    }

    /**
     * Both worker modes: the standalone's default, at-least-once, and exactly-once; {@code -Dkgraph.crash.exactly-once}
     * picks one of them.
     */
    static Stream<Boolean> exactlyOnce() {
        var only = System.getProperty("kgraph.crash.exactly-once");
        return only == null || only.isBlank() ? Stream.of(false, true) : Stream.of(Boolean.parseBoolean(only));
    }

    @ParameterizedTest(name = "exactly-once workers: {0}")
    @MethodSource("exactlyOnce")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everyAcceptedRunEndsExactlyOnceInOrderWhenTheStandaloneServerIsKilledAndRestartedOnItsData(
            boolean exactlyOnce) throws Exception {
        long seed = Long.getLong("kgraph.faults.seed", System.nanoTime());
        var outputDir = emptyDir(Path.of(System.getProperty("kgraph.crash.output-dir", "target/standalone-crash"))
                .resolve(exactlyOnce ? "exactly-once" : "at-least-once"));
        var jars = Jars.in(Path.of(System.getProperty("kgraph.faults.repository-root", "..")));
        int port = FreePorts.pick(1).getFirst();
        // each kill can cut one execution of a run: more attempts than kills, so a run hit by all three still ends as
        // it would have (RunAttemptsExhausted is the product's answer to a run that keeps killing its worker)
        var args = new ArrayList<>(List.of("--server.port=" + port,
                "--kgraph.standalone.data-dir=" + outputDir.resolve("data"),
                "--kgraph.worker.max-attempts=" + LocalCluster.MAX_ATTEMPTS));
        if (exactlyOnce) {
            args.add("--kgraph.worker.exactly-once=true");
        }
        var process = LocalCluster.child("standalone", outputDir, "768m", jars.standalone(), args);
        server = process;
        long setUpStart = System.nanoTime();
        process.start();
        var gateways = new Gateways(List.of("http://" + LocalCluster.HOST + ":" + port));
        api = gateways;
        GatewayReadiness.await(gateways, 0, process, START_LIMIT);
        var firstStart = Duration.ofNanos(System.nanoTime() - setUpStart);

        var ledger = new Ledger();
        // a join outlasts two kills in a row with their restarts (over a minute each on a loaded 2-core machine)
        var workload = new Workload(gateways, ledger, CLIENTS, seed, true, Duration.ofMinutes(8));
        var kills = new ArrayList<FaultRecord>();
        String abortedBy = null;
        long loadStart = System.nanoTime();
        workload.start();
        try {
            for (var point : KillPoint.values()) {
                if (point != KillPoint.DURING_RECOVERY) {
                    awaitAnswers(ledger, ANSWERS_BETWEEN_KILLS);
                }
                await("at least " + MIN_IN_FLIGHT + " requests in flight").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(10)).until(() -> ledger.inFlightNow() >= MIN_IN_FLIGHT);
                awaitAnExecutionToCut(gateways, ledger);
                long killedAt = System.nanoTime();
                process.kill();
                long restartedAt = System.nanoTime();
                process.start();
                GatewayReadiness.await(gateways, 0, process, START_LIMIT);
                long readyAt = System.nanoTime();
                kills.add(new FaultRecord("standalone (kill -9 " + point.label + ")", FaultRecord.Kind.STANDALONE_KILLED,
                        killedAt, Duration.ofNanos(readyAt - killedAt), Duration.ofNanos(readyAt - restartedAt),
                        "answers /ok and knows the assistants"));
            }
            awaitAnswers(ledger, ANSWERS_BETWEEN_KILLS);
            await("at least " + MIN_RUNS + " runs submitted").atMost(Duration.ofMinutes(3))
                    .until(() -> ledger.sentCount() >= MIN_RUNS);
        } catch (RuntimeException | AssertionError e) {
            abortedBy = String.valueOf(e);
            throw e;
        } finally {
            var load = Duration.ofNanos(System.nanoTime() - loadStart);
            workload.stopAndDrain(Duration.ofMinutes(9));
            if (abortedBy != null) {
                report(outputDir, exactlyOnce, seed, firstStart, load, kills, List.of(), null, workload.clientErrors(),
                        abortedBy);
            }
        }
        var load = Duration.ofNanos(System.nanoTime() - loadStart);

        var tally = new Verifier(gateways).verify(ledger);
        var fenced = FencedReports.in(List.of(process.log()));
        tally.fencedReports.set(fenced.count());
        var reExecuted = fenced.withResumed(tally.resumedRuns);
        var impacts = kills.stream().map(kill -> FaultImpact.of(kill, ledger.threads(), reExecuted)).toList();
        var problems = new ArrayList<>(tally.problems());
        workload.clientErrors().forEach(error -> problems.add("CLIENT: " + error));
        problems.addAll(FaultChecks.faultProblems(impacts, tally.fencedReports.get()));
        report(outputDir, exactlyOnce, seed, firstStart, load, kills, impacts, tally, problems, null);

        assertThat(kills).as("kills done").hasSize(KillPoint.values().length);
        assertThat(tally.submitted.get()).as("runs submitted").isGreaterThanOrEqualTo(MIN_RUNS);
        assertThat(tally.duplicates.get()).as("duplicates").isZero();
        assertThat(tally.lost.get()).as("lost").isZero();
        assertThat(problems).as("problems (see " + outputDir.resolve("summary.md") + ")").isEmpty();
    }

    /**
     * Waits until a {@code slow} request in flight has its run executing with at least {@link #EXECUTION_LEFT} of its
     * execution to go (its thread's run is {@code running}, and the run cannot have started before the request was
     * sent), so the kill that follows cuts it and its run must be executed again.
     */
    private static void awaitAnExecutionToCut(Gateways gateways, Ledger ledger) {
        await("a slow request in flight whose run executes, with " + EXECUTION_LEFT.toMillis() + " ms of it left")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> ledger.executionsLeftAtLeast(EXECUTION_LEFT).stream().limit(3)
                        .anyMatch(op -> runningOn(gateways, op.thread.threadId)
                                && ledger.executionsLeftAtLeast(EXECUTION_LEFT).contains(op)));
    }

    private static boolean runningOn(Gateways gateways, String threadId) {
        var exchange = gateways.sendAnywhere("GET", "/threads/" + threadId + "/runs?status=running", null,
                Duration.ofSeconds(2));
        return exchange instanceof Exchange.Answered answered && answered.ok() && answered.body() != null
                && !Json.list(Json.read(answered.body())).isEmpty();
    }

    private static void awaitAnswers(Ledger ledger, int more) {
        int target = ledger.answeredCount() + more;
        await("load progress to " + target + " answers").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).until(() -> ledger.answeredCount() >= target);
    }

    private static void report(Path outputDir, boolean exactlyOnce, long seed, Duration firstStart, Duration load, List<FaultRecord> kills,
                               List<FaultImpact> impacts, @Nullable Tally tally, List<String> problems,
                               @Nullable String abortedBy) throws IOException {
        var out = new StringBuilder("# Standalone crash test\n\n");
        out.append("The standalone jar (`java -jar` on one data directory; ")
                .append(exactlyOnce ? "`--kgraph.worker.exactly-once=true`" : "its default worker mode, at-least-once")
                .append("); ")
                .append(CLIENTS).append(" load clients (seed ").append(seed).append("); first start ")
                .append(seconds(firstStart)).append(", load with kills ").append(seconds(load)).append(".\n\n");
        if (abortedBy != null) {
            out.append("**Aborted:** ").append(abortedBy).append("\n\n");
        }
        if (tally != null) {
            out.append("| | |\n|---|---|\n");
            row(out, "runs submitted (requests sent)", tally.submitted.get());
            row(out, "accepted", tally.accepted());
            row(out, "&nbsp;&nbsp;acknowledged by the server", tally.acceptedForSure.get());
            row(out, "&nbsp;&nbsp;answer lost at a kill, run found afterwards by its client id",
                    tally.ambiguousFound.get());
            row(out, "answer lost at a kill, no run on the server (never accepted, or lost: the client cannot tell)",
                    tally.ambiguousAbsent.get());
            row(out, "refused while the server was down (not sent)", tally.notSent.get());
            row(out, "completed (success, answer or stored result as expected)", tally.completed.get());
            row(out, "executed again after a kill (run_attempt > 1)", tally.resumedRuns.size());
            row(out, "reports of superseded attempts ignored (fencing)", tally.fencedReports.get());
            row(out, "duplicates", tally.duplicates.get());
            row(out, "lost (incl. runs still pending or running at the end)", tally.lost.get());
            row(out, "wrong results, states or orders", tally.wrong.get());
            row(out, "threads / checkpoints checked", tally.threads.get() + " / " + tally.checkpoints.get());
            out.append('\n');
        }
        out.append("## Kills\n\n| # | kill | requests in flight | of their runs executed again | answer lost"
                + " | down until ready | restart until ready |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < kills.size(); i++) {
            var kill = kills.get(i);
            var impact = i < impacts.size() ? impacts.get(i) : null;
            out.append("| ").append(i + 1).append(" | ").append(kill.killed()).append(" | ")
                    .append(impact == null ? "-" : impact.inFlight()).append(" | ")
                    .append(impact == null ? "-" : impact.reExecuted()).append(" | ")
                    .append(impact == null ? "-" : impact.brokenOff()).append(" | ")
                    .append(seconds(kill.timeToRecover())).append(" | ").append(seconds(kill.restartedAndReadyIn()))
                    .append(" |\n");
        }
        out.append("\n## Problems: ").append(problems.size()).append("\n\n");
        problems.stream().limit(60).forEach(problem -> out.append("- ").append(problem).append('\n'));
        if (problems.size() > 60) {
            out.append("- ... and ").append(problems.size() - 60).append(" more\n");
        }
        var markdown = out.toString();
        System.out.println(markdown);
        Files.writeString(outputDir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, String what, Object value) {
        out.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
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
