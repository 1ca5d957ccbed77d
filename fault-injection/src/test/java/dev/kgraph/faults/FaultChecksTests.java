package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.faults.FaultRecord.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault checks fail a run whose faults hit nothing, and bound the requests whose outcome was not known. */
class FaultChecksTests {
    private static final List<FaultImpact> ALL_HIT = List.of(
            new FaultImpact("worker-2 (kill -9)", Kind.WORKER_KILLED, 9, 2, 0),
            new FaultImpact("gateway-1 (kill -9)", Kind.GATEWAY_KILLED, 12, 0, 5),
            new FaultImpact("broker-1 (kill -9)", Kind.BROKER_KILLED, 8, 0, 0),
            new FaultImpact("worker-3 (SIGSTOP)", Kind.WORKER_PAUSED, 10, 0, 0));

    @Test
    void faultsThatHitRunsInFlightPass() {
        assertThat(FaultChecks.problems(ALL_HIT, 3, 1000, 7)).isEmpty();
    }

    @Test
    void aFaultThatHitNothingFails() {
        var idle = List.of(new FaultImpact("worker-2 (kill -9)", Kind.WORKER_KILLED, 0, 0, 0),
                new FaultImpact("gateway-1 (kill -9)", Kind.GATEWAY_KILLED, 0, 0, 0),
                new FaultImpact("broker-1 (kill -9)", Kind.BROKER_KILLED, 0, 0, 0),
                new FaultImpact("worker-3 (SIGSTOP)", Kind.WORKER_PAUSED, 0, 0, 0));

        assertThat(FaultChecks.problems(idle, 0, 1000, 0)).hasSize(4)
                .allMatch(problem -> problem.contains("hit nothing"));
    }

    @Test
    void aWorkerKillThatReExecutedNothingFails() {
        var impacts = List.of(new FaultImpact("worker-2 (kill -9)", Kind.WORKER_KILLED, 9, 0, 0));

        assertThat(FaultChecks.problems(impacts, 50, 1000, 0)).singleElement().asString()
                .contains("executed again");
    }

    @Test
    void aZombieIsAHitWhenItsReportsWereFencedOrItsRunsReExecuted() {
        var zombie = List.of(new FaultImpact("worker-3 (SIGSTOP)", Kind.WORKER_PAUSED, 10, 0, 0));

        assertThat(FaultChecks.problems(zombie, 0, 1000, 0)).singleElement().asString().contains("fenced");
        assertThat(FaultChecks.problems(zombie, 1, 1000, 0)).isEmpty();
        assertThat(FaultChecks.problems(List.of(new FaultImpact("worker-3 (SIGSTOP)", Kind.WORKER_PAUSED, 10, 1, 0)),
                0, 1000, 0)).isEmpty();
    }

    @Test
    void aGatewayKillThatBrokeNoRequestOffFails() {
        var impacts = List.of(new FaultImpact("gateway-1 (kill -9)", Kind.GATEWAY_KILLED, 12, 0, 0));

        assertThat(FaultChecks.problems(impacts, 0, 1000, 0)).singleElement().asString().contains("broke off");
    }

    @Test
    void moreAmbiguousRequestsThanOnePercentFail() {
        assertThat(FaultChecks.problems(ALL_HIT, 3, 1000, 10)).isEmpty();
        assertThat(FaultChecks.problems(ALL_HIT, 3, 1000, 11)).singleElement().asString().startsWith("AMBIGUOUS");
        assertThat(FaultChecks.ambiguousCap(50)).isEqualTo(1);
    }

    @Test
    void theImpactCountsOnlyRequestsInFlightAtTheFault() {
        var thread = new ThreadPlan(ThreadPlan.Kind.SLOW);
        var before = op(thread, 10, 20, "r1");
        var during = op(thread, 30, 80, "r2");
        var sentNotSettled = op(thread, 40, 0, "r3");
        sentNotSettled.submission = Op.Submission.AMBIGUOUS;
        var after = op(thread, 60, 90, "r4");
        var fault = new FaultRecord("worker-2 (kill -9)", Kind.WORKER_KILLED, 50, Duration.ZERO, Duration.ZERO, "");

        var impact = FaultImpact.of(fault, List.of(thread), Set.of("r1", "r2", "r4"));

        assertThat(List.of(before, during, sentNotSettled, after)).filteredOn(op -> op.inFlightAt(50))
                .containsExactly(during, sentNotSettled);
        assertThat(impact).isEqualTo(new FaultImpact("worker-2 (kill -9)", Kind.WORKER_KILLED, 2, 1, 1));
    }

    private static Op op(ThreadPlan thread, long sentAt, long settledAt, String runId) {
        var op = new Op(thread, "slow", null);
        op.sentAt = sentAt;
        op.settledAt = settledAt;
        op.runId = runId;
        op.submission = Op.Submission.ACCEPTED;
        thread.ops.add(op);
        return op;
    }
}
