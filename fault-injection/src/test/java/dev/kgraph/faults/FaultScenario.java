package dev.kgraph.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The faults, one at a time and each under load: SIGKILL a worker, then a gateway, then a broker (the KRaft quorum's
 * leader, the hardest one to lose); after each, wait until the system serves every partition again, then restart
 * the process on the same ports and directories and wait until it is back in service. Then a worker is paused
 * (SIGSTOP) until the others have taken its partitions over, then resumed: a zombie, whose executions still report
 * what they did under their old attempts. Last, a worker is stopped with SIGTERM, as {@code docker compose stop}
 * does: it must exit within the grace period and start again on its local stores. Each fault waits until the load
 * has made progress since the previous one, and until requests are in flight (a worker fault also until its worker
 * executes runs), so every fault lands among runs in flight; {@link FaultChecks} then checks from the client's
 * records that each one hit something.
 */
final class FaultScenario {
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(120);
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final int MIN_IN_FLIGHT = 4;
    /** Streams cut by the gateway kill, each a 4 s run, resumed on the other gateway. */
    private static final int STREAMS_CUT = 3;
    /** The workers' {@code stop_grace_period} in the Compose files. */
    static final Duration WORKER_STOP_GRACE = Duration.ofSeconds(45);
    /** What a worker logs when it starts on the state of one that did not stop cleanly (SequencerStreams). */
    private static final String UNCLEAN_STOP = "did not stop cleanly";
    /** Runs a worker must be executing when it is killed or paused, so the fault lands on executions. */
    private static final int MIN_EXECUTING = 2;

    private final LocalCluster cluster;
    private final Gateways gateways;
    private final Probes probes;
    private final Ledger ledger;
    private final int answersBetweenFaults;
    private final List<FaultRecord> records = new ArrayList<>();
    private final WorkerMetrics metrics = new WorkerMetrics();
    private final StreamResumeCheck streams = new StreamResumeCheck();
    private final List<String> streamProblems = new ArrayList<>();

    FaultScenario(LocalCluster cluster, Gateways gateways, Probes probes, Ledger ledger, int answersBetweenFaults) {
        this.cluster = cluster;
        this.gateways = gateways;
        this.probes = probes;
        this.ledger = ledger;
        this.answersBetweenFaults = answersBetweenFaults;
    }

    List<FaultRecord> run() {
        awaitLoadProgress();
        records.add(killWorker(1));
        awaitLoadProgress();
        records.add(killGateway(0));
        awaitLoadProgress();
        records.add(killBroker(cluster.quorumLeaderIndex()));
        awaitLoadProgress();
        records.add(pauseWorker(2));
        awaitLoadProgress();
        records.add(stopWorker(0));
        awaitLoadProgress();
        return List.copyOf(records);
    }

    List<FaultRecord> records() {
        return List.copyOf(records);
    }

    private FaultRecord killWorker(int index) {
        var victim = cluster.worker(index);
        awaitRequestsInFlight();
        awaitExecutionsOn(index);
        long killedAt = System.nanoTime();
        victim.kill();
        long servedAt = probes.awaitServing(allGateways(), RECOVERY_LIMIT);
        long restartedAt = System.nanoTime();
        victim.start();
        cluster.awaitWorkerGroup(3, READY_LIMIT);
        return new FaultRecord(victim.name() + " (kill -9)", FaultRecord.Kind.WORKER_KILLED, killedAt,
                since(killedAt, servedAt), since(restartedAt, System.nanoTime()), "back in a stable sequencer group of 3");
    }

    private FaultRecord pauseWorker(int index) {
        var victim = cluster.worker(index);
        awaitRequestsInFlight();
        awaitExecutionsOn(index);
        long pausedAt = System.nanoTime();
        victim.pause();
        long servedAt;
        try {
            servedAt = probes.awaitServing(allGateways(), RECOVERY_LIMIT); // its partitions moved to the others
        } finally {
            victim.resume();
        }
        long resumedAt = System.nanoTime();
        cluster.awaitWorkerGroup(3, READY_LIMIT);
        return new FaultRecord(victim.name() + " (SIGSTOP until replaced, then SIGCONT: a zombie)",
                FaultRecord.Kind.WORKER_PAUSED, pausedAt, since(pausedAt, servedAt), since(resumedAt, System.nanoTime()), "rejoined the sequencer group of 3");
    }

    /**
     * SIGTERM under load, as {@code docker compose stop} sends: the worker must exit within the Compose file's
     * {@code stop_grace_period} and start again on the local stores it left (no rebuild from the changelogs, which a
     * worker killed before its clean stop has to do).
     */
    private FaultRecord stopWorker(int index) {
        var victim = cluster.worker(index);
        awaitRequestsInFlight();
        awaitExecutionsOn(index);
        long rebuildsBefore = victim.logLinesContaining(UNCLEAN_STOP);
        long stoppedAt = System.nanoTime();
        var stopTook = victim.stop(WORKER_STOP_GRACE);
        long servedAt = probes.awaitServing(allGateways(), RECOVERY_LIMIT);
        long restartedAt = System.nanoTime();
        victim.start();
        cluster.awaitWorkerGroup(3, READY_LIMIT);
        if (victim.logLinesContaining(UNCLEAN_STOP) != rebuildsBefore) {
            throw new AssertionError(victim.name() + " stopped with SIGTERM (in " + stopTook.toMillis()
                    + " ms) but its next start rebuilt its local stores: the stop was not clean");
        }
        return new FaultRecord(victim.name() + " (SIGTERM, exited in " + stopTook.toMillis() + " ms)",
                FaultRecord.Kind.WORKER_STOPPED, stoppedAt, since(stoppedAt, servedAt),
                since(restartedAt, System.nanoTime()), "back in the group of 3 on the local stores it left");
    }

    /** What the streams cut by the gateway kill got wrong when resumed on the other gateway (empty: nothing). */
    List<String> streamProblems() {
        return List.copyOf(streamProblems);
    }

    int streamsResumed() {
        return streams.streams();
    }

    private FaultRecord killGateway(int index) {
        var victim = cluster.gateway(index);
        // streams read through it, cut by the kill mid-run, resumed on the other gateway with Last-Event-ID
        streams.start(cluster.gatewayUrls().get(index), STREAMS_CUT, 4_000);
        try {
            streams.awaitStarted(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // kill it while clients wait on it, so some waits break off after their 200 and must re-join elsewhere
        await("requests in flight on " + victim.name()).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(10)).until(() -> gateways.inFlight(index) >= MIN_IN_FLIGHT);
        long killedAt = System.nanoTime();
        victim.kill();
        var survivors = IntStream.range(0, gateways.count()).filter(g -> g != index).boxed().toList();
        long servedAt = probes.awaitServing(survivors, RECOVERY_LIMIT);
        gateways.takeOutOfRotation(index);
        try {
            streamProblems.addAll(streams.resumeOn(cluster.gatewayUrls().get(survivors.getFirst())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long restartedAt = System.nanoTime();
        victim.start();
        GatewayReadiness.await(gateways, index, victim, READY_LIMIT);
        gateways.putInRotation(index);
        return new FaultRecord(victim.name() + " (kill -9)", FaultRecord.Kind.GATEWAY_KILLED, killedAt,
                since(killedAt, servedAt), since(restartedAt, System.nanoTime()), "answers /ok and knows the assistants");
    }

    private FaultRecord killBroker(int index) {
        var victim = cluster.broker(index);
        awaitRequestsInFlight();
        long killedAt = System.nanoTime();
        victim.kill();
        long servedAt = probes.awaitServing(allGateways(), RECOVERY_LIMIT);
        long restartedAt = System.nanoTime();
        victim.start();
        cluster.awaitBrokers(READY_LIMIT);
        cluster.awaitReplicasInSync(READY_LIMIT);
        return new FaultRecord(victim.name() + " (KRaft quorum leader, kill -9)", FaultRecord.Kind.BROKER_KILLED,
                killedAt, since(killedAt, servedAt),
                since(restartedAt, System.nanoTime()), "registered again and every replica back in sync");
    }

    private void awaitLoadProgress() {
        int target = ledger.answeredCount() + answersBetweenFaults;
        await("load progress to " + target + " answers").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).until(() -> ledger.answeredCount() >= target);
    }

    /** Until the clients have requests whose outcome they do not know yet: the fault lands on work in flight. */
    private void awaitRequestsInFlight() {
        await("at least " + MIN_IN_FLIGHT + " requests in flight").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(10)).until(() -> ledger.inFlightNow() >= MIN_IN_FLIGHT);
    }

    /**
     * Until worker {@code index} is executing runs (its own gauge says so) on two readings 150 ms apart: an echo or
     * counter run ends within milliseconds, so a kill timed on one reading often found only those, already reported;
     * two readings apart make it likely that a {@code slow} run is mid-execution when the fault strikes.
     */
    private void awaitExecutionsOn(int index) {
        var url = cluster.workerMetricsUrl(index);
        long[] busySince = {0};
        await("at least " + MIN_EXECUTING + " runs executing on worker " + (index + 1)).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (metrics.runsInFlight(url) < MIN_EXECUTING) {
                        busySince[0] = 0;
                        return false;
                    }
                    long now = System.nanoTime();
                    if (busySince[0] == 0) {
                        busySince[0] = now;
                    }
                    return now - busySince[0] >= Duration.ofMillis(150).toNanos();
                });
    }

    private List<Integer> allGateways() {
        return IntStream.range(0, gateways.count()).boxed().toList();
    }

    private static Duration since(long startNanos, long endNanos) {
        return Duration.ofNanos(endNanos - startNanos);
    }
}
