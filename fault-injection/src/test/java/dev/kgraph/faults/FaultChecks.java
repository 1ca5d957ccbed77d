package dev.kgraph.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks that the faults hit something and that the clients could tell what happened to their requests: a pure
 * function of the recorded figures, so a unit test shows it fails a run whose faults landed on idle work
 * ({@code FaultChecksTests}).
 * <ul>
 *   <li>every fault struck while runs were in flight;</li>
 *   <li>a killed worker, or the killed standalone server: some of those runs were executed again (by another owner, or
 *       after the restart: their checkpoints carry a later attempt, or the workers fenced a report of theirs);</li>
 *   <li>a paused worker (zombie): some of those runs were executed again, or the workers fenced reports of superseded
 *       attempts (its executions went on after it was replaced);</li>
 *   <li>a killed gateway: some requests through it broke off (re-joined through the other, or left ambiguous);</li>
 *   <li>a killed broker, or a worker stopped cleanly (SIGTERM): runs were in flight (neither need re-execute
 *       anything);</li>
 *   <li>the requests whose outcome the client could not know (no status, or a 5xx) are at most
 *       {@link #AMBIGUOUS_SHARE_PERCENT} % of those sent (at least 1 allowed); each of them was then found on the server
 *       by its client id or counted as lost ({@link Tally#ambiguousAbsent}).</li>
 * </ul>
 */
final class FaultChecks {
    static final int AMBIGUOUS_SHARE_PERCENT = 1;

    private FaultChecks() {
    }

    /** The largest number of ambiguous requests allowed among {@code submitted}. */
    static int ambiguousCap(int submitted) {
        return Math.max(1, submitted * AMBIGUOUS_SHARE_PERCENT / 100);
    }

    static List<String> problems(List<FaultImpact> impacts, int fencedReports, int submitted, int ambiguous) {
        var problems = new ArrayList<>(faultProblems(impacts, fencedReports));
        problems.addAll(ambiguityProblems(submitted, ambiguous));
        return problems;
    }

    /** The faults that hit nothing they should have. */
    static List<String> faultProblems(List<FaultImpact> impacts, int fencedReports) {
        var problems = new ArrayList<String>();
        for (int i = 0; i < impacts.size(); i++) {
            var impact = impacts.get(i);
            var where = "FAULT " + (i + 1) + " (" + impact.fault() + ")";
            if (impact.inFlight() == 0) {
                problems.add(where + " hit nothing: no request was in flight when it struck");
                continue;
            }
            switch (impact.kind()) {
                case WORKER_KILLED, STANDALONE_KILLED -> {
                    if (impact.reExecuted() == 0) {
                        problems.add(where + ": none of the " + impact.inFlight() + " runs in flight was executed"
                                + " again (run_attempt > 1, or a report of it fenced): the kill did not hit an execution");
                    }
                }
                case WORKER_PAUSED -> {
                    if (impact.reExecuted() == 0 && fencedReports == 0) {
                        problems.add(where + ": none of the " + impact.inFlight() + " runs in flight was executed"
                                + " again and no report of a superseded attempt was fenced");
                    }
                }
                case GATEWAY_KILLED -> {
                    if (impact.brokenOff() == 0) {
                        problems.add(where + ": none of the " + impact.inFlight() + " requests in flight broke off");
                    }
                }
                case BROKER_KILLED, WORKER_STOPPED -> {
                    // runs in flight is all a broker loss or a clean stop must have hit (the stop's own checks are
                    // its exit within the grace period and its local stores kept: FaultScenario)
                }
            }
        }
        return problems;
    }

    /**
     * More requests with an outcome the client could not know than the cap. (Not for a single server killed under
     * load, where every request in flight at the kill is one: there each is found by its client id or reported.)
     */
    static List<String> ambiguityProblems(int submitted, int ambiguous) {
        var problems = new ArrayList<String>();
        int cap = ambiguousCap(submitted);
        if (ambiguous > cap) {
            problems.add("AMBIGUOUS: " + ambiguous + " of " + submitted + " requests got no status or a 5xx, more"
                    + " than the cap of " + cap + " (" + AMBIGUOUS_SHARE_PERCENT + " %)");
        }
        return problems;
    }
}
