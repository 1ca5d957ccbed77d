package dev.kgraph.faults;

import java.util.Collection;
import java.util.Set;

/**
 * What one fault hit, from the client's records: the requests in flight when it struck (sent, outcome not yet known
 * to the client), how many of their runs were executed again afterwards ({@code run_attempt > 1} in their
 * checkpoints, or a report of theirs fenced: {@link FencedReports}), and how many of them the client lost the answer of (broken off: re-joined elsewhere, or ambiguous).
 */
record FaultImpact(String fault, FaultRecord.Kind kind, int inFlight, int reExecuted, int brokenOff) {

    static FaultImpact of(FaultRecord fault, Collection<ThreadPlan> threads, Set<String> reExecutedRuns) {
        int inFlight = 0;
        int reExecuted = 0;
        int brokenOff = 0;
        for (var thread : threads) {
            for (var op : thread.ops) {
                if (!op.inFlightAt(fault.atNanos())) {
                    continue;
                }
                inFlight++;
                if (op.runId != null && reExecutedRuns.contains(op.runId)) {
                    reExecuted++;
                }
                if (op.rejoined || op.submission == Op.Submission.AMBIGUOUS) {
                    brokenOff++;
                }
            }
        }
        return new FaultImpact(fault.killed(), fault.kind(), inFlight, reExecuted, brokenOff);
    }
}
