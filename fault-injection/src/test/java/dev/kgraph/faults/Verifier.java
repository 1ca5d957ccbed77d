package dev.kgraph.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The end checks, through any live gateway, once every process runs again and the load has drained. Per thread of
 * the load: its runs (eventually all final) are matched to the requests by the op id in their metadata, which
 * settles the ambiguous requests; every accepted request has exactly one run, ended {@code success}; every answer a
 * client got (or, for a run nobody got an answer for, its stored result) is the expected body; the thread's state
 * is the expected one; and its history is one chain without duplicated or lost steps.
 */
final class Verifier {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);
    private static final Duration FINAL_DEADLINE = Duration.ofSeconds(90);
    private static final Set<String> FINAL = Set.of("success", "error", "timeout", "interrupted");

    private final Gateways gateways;
    private final Tally tally = new Tally();

    Verifier(Gateways gateways) {
        this.gateways = gateways;
    }

    Tally verify(Ledger ledger) {
        try (var executor = Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
            for (var plan : ledger.threads()) {
                executor.execute(() -> {
                    try {
                        verifyThread(plan);
                    } catch (RuntimeException | AssertionError e) {
                        tally.problem("CHECK FAILED on thread " + plan.threadId + ": " + e);
                    }
                });
            }
        }
        return tally;
    }

    private void verifyThread(ThreadPlan plan) {
        tally.threads.incrementAndGet();
        var runs = awaitFinalRuns(plan.threadId);
        var accepted = reconcile(plan, runs);
        var thread = read("/threads/" + plan.threadId);
        if (accepted.isEmpty()) {
            if (thread.status() != 404) {
                tally.duplicate("thread " + plan.threadId + " exists though no request created it: " + thread.body());
            }
            return;
        }
        var values = Json.map(Json.map(thread.json()).get("values"));
        var expected = expectedAnswers(plan, accepted, values);
        checkThreadState(plan, accepted, Json.map(thread.json()), expected);
        for (var op : accepted) {
            checkAnswers(op, expected.get(op.id));
        }
        var byRunId = new HashMap<String, Map<String, Object>>();
        runs.forEach(run -> byRunId.put((String) run.get("run_id"), run));
        var history = read("/threads/" + plan.threadId + "/history?limit=1000");
        HistoryCheck.check(plan, Json.list(history.json()), byRunId, tally);
    }

    /** The thread's runs once none is pending or running (or as they are when that does not happen in time). */
    private List<Map<String, Object>> awaitFinalRuns(String threadId) {
        var latest = new ArrayList<Map<String, Object>>();
        var settled = Retry.until(FINAL_DEADLINE, () -> {
            var answer = read("/threads/" + threadId + "/runs?limit=1000");
            latest.clear();
            if (answer.status() == 200) {
                Json.list(answer.json()).forEach(run -> latest.add(Json.map(run)));
            }
            return latest.stream().allMatch(run -> FINAL.contains(run.get("status")))
                    ? Optional.of(true) : Optional.empty();
        });
        if (settled.isEmpty()) {
            latest.stream().filter(run -> !FINAL.contains(run.get("status"))).forEach(run -> tally.lost("thread "
                    + threadId + " run " + run.get("run_id") + " still " + run.get("status") + " after "
                    + FINAL_DEADLINE));
        }
        return latest;
    }

    /** Matches runs to requests; returns the requests the server accepted, in the order they were sent. */
    private Set<Op> reconcile(ThreadPlan plan, List<Map<String, Object>> runs) {
        var byOp = new HashMap<String, List<Map<String, Object>>>();
        for (var run : runs) {
            var op = String.valueOf(Json.map(run.get("metadata")).get("op"));
            byOp.computeIfAbsent(op, key -> new ArrayList<>()).add(run);
        }
        var accepted = new LinkedHashSet<Op>();
        for (var op : plan.ops) {
            var found = byOp.getOrDefault(op.id, List.of());
            byOp.remove(op.id);
            tally.submitted.addAndGet(op.submission == Op.Submission.NOT_SENT ? 0 : 1);
            for (int extra = 1; extra < found.size(); extra++) {
                tally.duplicate(op + " has " + found.size() + " runs: " + found.stream().map(r -> r.get("run_id"))
                        .toList());
            }
            switch (op.submission) {
                case NOT_SENT -> {
                    tally.notSent.incrementAndGet();
                    if (!found.isEmpty()) {
                        tally.duplicate(op + " was never sent but has a run");
                    }
                }
                case REJECTED -> tally.wrong(op + " was rejected");
                case ACCEPTED -> {
                    tally.acceptedForSure.incrementAndGet();
                    if (found.isEmpty()) {
                        tally.lost(op + " was accepted but the thread has no run for it");
                    } else if (!Objects.equals(op.runId, found.getFirst().get("run_id"))) {
                        tally.wrong(op + " was accepted as run " + op.runId + " but the server has "
                                + found.getFirst().get("run_id"));
                    }
                }
                case AMBIGUOUS -> (found.isEmpty() ? tally.ambiguousAbsent : tally.ambiguousFound).incrementAndGet();
            }
            if (!found.isEmpty()) {
                accepted.add(op);
                op.runId = (String) found.getFirst().get("run_id");
                if (!"success".equals(found.getFirst().get("status"))) {
                    tally.wrong(op + " ended " + found.getFirst().get("status"));
                }
            }
        }
        byOp.forEach((op, extra) -> tally.duplicate("thread " + plan.threadId + " has runs of no request (op " + op
                + "): " + extra.stream().map(r -> r.get("run_id")).toList()));
        return accepted;
    }

    private Map<String, Object> expectedAnswers(ThreadPlan plan, Set<Op> accepted, Map<String, Object> values) {
        if (plan.kind == ThreadPlan.Kind.ECHO) {
            return EchoOrder.check(plan, accepted, Json.list(values.get("messages")), tally);
        }
        if (plan.kind == ThreadPlan.Kind.COUNTERS) {
            return CounterSums.expected(plan, accepted);
        }
        var expected = new HashMap<String, Object>();
        accepted.forEach(op -> expected.put(op.id, op.expected));
        return expected;
    }

    private void checkThreadState(ThreadPlan plan, Set<Op> accepted, Map<String, Object> thread,
                                  Map<String, Object> expected) {
        var last = accepted.stream().reduce((first, second) -> second).orElseThrow();
        // a counter thread stays paused before b unless its resume run was accepted
        boolean paused = plan.kind == ThreadPlan.Kind.COUNTER
                && !(plan.ops.size() > 1 && accepted.contains(plan.ops.get(1)));
        var status = paused ? "interrupted" : "idle";
        if (!status.equals(thread.get("status"))) {
            tally.wrong("thread " + plan.threadId + " is " + thread.get("status") + ", expected " + status);
        }
        var values = thread.get("values");
        var wanted = expected.get(last.id);
        if (wanted != null && !wanted.equals(values)) {
            tally.wrong("thread " + plan.threadId + " has values " + values + ", expected " + wanted + " (after "
                    + last + ")");
        }
    }

    /**
     * The answer a client got during the load must be the expected one; a run nobody got an answer for (its request
     * was ambiguous, or the client gave up) is joined now, and its stored result must be the expected one.
     */
    private void checkAnswers(Op op, @Nullable Object expected) {
        if (expected == null) {
            return; // its input is missing from the thread: already counted as lost
        }
        if (op.answerFailure != null) {
            tally.problem("NO ANSWER: " + op + ": " + op.answerFailure);
        }
        if (op.answered) {
            tally.answeredDuringLoad.incrementAndGet();
            if (op.rejoined) {
                tally.rejoined.incrementAndGet();
            }
            if (expected.equals(op.answer)) {
                tally.completed.incrementAndGet();
            } else {
                tally.wrong(op + " was answered " + op.answer + ", expected " + expected);
            }
            return;
        }
        var joined = read("/threads/" + op.thread.threadId + "/runs/" + op.runId + "/join");
        if (joined.status() == 200 && expected.equals(joined.json())) {
            tally.completed.incrementAndGet();
        } else {
            tally.wrong(op + " has the stored result " + joined.status() + " " + joined.body() + ", expected "
                    + expected);
        }
    }

    /** A read through any gateway, retried on failures and 5xx; a 200 or a 404 is returned. */
    private Exchange.Answered read(String path) {
        var last = new AtomicReference<Exchange>();
        return Retry.until(READ_DEADLINE, () -> {
            var exchange = gateways.sendAnywhere("GET", path, null, READ_TIMEOUT);
            last.set(exchange);
            return exchange instanceof Exchange.Answered answered && answered.body() != null
                    && (answered.status() == 200 || answered.status() == 404)
                    ? Optional.of(answered) : Optional.<Exchange.Answered>empty();
        }).orElseThrow(() -> new AssertionError("GET " + path + " failed for " + READ_DEADLINE + ": " + last.get()));
    }
}
