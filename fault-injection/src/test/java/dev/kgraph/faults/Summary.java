package dev.kgraph.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The report of one fault-injection run, as markdown (printed and written to {@code summary.md}). */
record Summary(int clients, long seed, Map<String, Duration> phases, List<FaultRecord> faults,
               List<FaultImpact> impacts, int probeRuns, int answeredDuringLoad, @Nullable Tally tally,
               List<String> problems, @Nullable String abortedBy) {

    static final String LOAD_PHASE = "load with faults";
    private static final int LISTED_PROBLEMS = 60;

    String markdown() {
        var out = new StringBuilder("# Fault-injection run\n\n");
        out.append("Topology: 3 KRaft brokers (quorum of 3; every topic 3 replicas, min.insync.replicas 2), 3 workers,"
                + " 2 gateways, " + LocalCluster.PARTITIONS + " partitions; " + clients + " load clients (seed "
                + seed + ").\n\n");
        var total = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
        out.append("Duration: ").append(seconds(total)).append(" (");
        out.append(String.join(", ", phases.entrySet().stream()
                .map(phase -> phase.getKey() + " " + seconds(phase.getValue())).toList())).append(')');
        var load = phases.getOrDefault(LOAD_PHASE, Duration.ZERO);
        if (!load.isZero()) {
            out.append(String.format(Locale.ROOT, "; %.1f answers/s during the load", answeredDuringLoad
                    / (load.toMillis() / 1000.0)));
        }
        out.append(".\n\n");
        if (abortedBy != null) {
            out.append("**Aborted:** ").append(abortedBy).append("\n\n");
        }
        if (tally != null) {
            appendCounts(out, tally);
        }
        out.append("## Faults\n\n| # | fault | requests in flight | of their runs executed again | broken off"
                + " | time to recover | restarted (or resumed) and ready in | ready means |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < faults.size(); i++) {
            var fault = faults.get(i);
            var impact = i < impacts.size() ? impacts.get(i) : null;
            out.append("| ").append(i + 1).append(" | ").append(fault.killed()).append(" | ")
                    .append(impact == null ? "-" : impact.inFlight()).append(" | ")
                    .append(impact == null ? "-" : impact.reExecuted()).append(" | ")
                    .append(impact == null ? "-" : impact.brokenOff()).append(" | ")
                    .append(seconds(fault.timeToRecover())).append(" | ").append(seconds(fault.restartedAndReadyIn()))
                    .append(" | ").append(fault.readyMeans()).append(" |\n");
        }
        out.append("\nRequests in flight: sent, outcome not yet known to their client, when the fault struck (client"
                + " records); executed again: their runs have checkpoints with run_attempt > 1, or a"
                + " report of theirs was fenced; broken off: the client"
                + " lost the answer (re-joined through another gateway, or ambiguous). Each fault must have hit"
                + " something (FaultChecks).\n");
        out.append("\nTime to recover: from the SIGKILL (or SIGSTOP) until a `runs/wait` on a fresh thread was answered correctly on"
                + " every partition through every surviving gateway (" + probeRuns + " probe runs in all).\n\n");
        out.append("## Problems: ").append(problems.size()).append("\n\n");
        problems.stream().limit(LISTED_PROBLEMS).forEach(problem -> out.append("- ").append(problem).append('\n'));
        if (problems.size() > LISTED_PROBLEMS) {
            out.append("- ... and ").append(problems.size() - LISTED_PROBLEMS).append(" more\n");
        }
        return out.toString();
    }

    private static void appendCounts(StringBuilder out, Tally tally) {
        out.append("| | |\n|---|---|\n");
        row(out, "runs submitted (requests sent)", tally.submitted.get());
        row(out, "accepted", tally.accepted());
        row(out, "&nbsp;&nbsp;acknowledged by the server", tally.acceptedForSure.get());
        row(out, "&nbsp;&nbsp;answer lost, run found afterwards", tally.ambiguousFound.get());
        row(out, "answer lost, no run on the server (never accepted, or lost: the client cannot tell)",
                tally.ambiguousAbsent.get());
        int ambiguous = tally.ambiguousFound.get() + tally.ambiguousAbsent.get();
        row(out, "outcome unknown to the client (no status or a 5xx) / cap",
                ambiguous + " / " + FaultChecks.ambiguousCap(tally.submitted.get()));
        row(out, "not sent (every gateway refused the connection)", tally.notSent.get());
        row(out, "completed (success, stored result as expected)", tally.completed.get());
        row(out, "answered during the load", tally.answeredDuringLoad.get());
        row(out, "&nbsp;&nbsp;of them re-joined through another gateway", tally.rejoined.get());
        row(out, "resumed after a crash or task move (run_attempt > 1)", tally.resumedRuns.size());
        row(out, "reports of superseded attempts ignored by the workers (fencing)", tally.fencedReports.get());
        row(out, "run streams cut by the gateway kill, resumed with Last-Event-ID on the other (vs a full replay)",
                tally.streamsResumed.get());
        row(out, "duplicates", tally.duplicates.get());
        row(out, "lost", tally.lost.get());
        row(out, "wrong results or states", tally.wrong.get());
        row(out, "threads / checkpoints checked", tally.threads.get() + " / " + tally.checkpoints.get());
        out.append('\n');
    }

    private static void row(StringBuilder out, String what, Object value) {
        out.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
