package dev.kgraph.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The client load: virtual threads that each loop over three kinds of work, through both gateways.
 * <ul>
 *   <li>{@code slow} on a fresh thread: {@code runs/wait} with a random duration and durability;</li>
 *   <li>{@code counter}: a {@code runs/wait} paused before node {@code b}, then a resume with a null input;</li>
 *   <li>{@code echo}: several background runs enqueued on one thread one after the other, then joined;</li>
 *   <li>with {@code counterQueues}, also {@code counter} runs enqueued in the background on one thread, then joined:
 *       the thread's {@code count} sums them (2 a run), so it must end at twice the accepted runs.</li>
 * </ul>
 * A refused connection is sent again to the other gateway (nothing was sent). Any other failure before a status is
 * left as it is (ambiguous: the checks look the run up by the op id in its metadata); sending it again could create
 * a duplicate. A {@code runs/wait} whose connection breaks after its 200 is re-joined through another gateway at
 * its {@code Location}.
 */
final class Workload {
    static final Duration WAIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REJOIN_DEADLINE = Duration.ofSeconds(120);
    private static final List<String> DURABILITIES = List.of("sync", "async", "exit");

    private final Gateways gateways;
    private final Ledger ledger;
    private final int clients;
    private final long seed;
    private final boolean counterQueues;
    private final Duration rejoinDeadline;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<String> clientErrors = new ConcurrentLinkedQueue<>();

    Workload(Gateways gateways, Ledger ledger, int clients, long seed) {
        this(gateways, ledger, clients, seed, false, REJOIN_DEADLINE);
    }

    /**
     * @param counterQueues  also enqueue {@code counter} runs in the background on one thread
     * @param rejoinDeadline how long a client keeps joining a run it has no answer for (longer than any downtime)
     */
    Workload(Gateways gateways, Ledger ledger, int clients, long seed, boolean counterQueues,
             Duration rejoinDeadline) {
        this.gateways = gateways;
        this.ledger = ledger;
        this.clients = clients;
        this.seed = seed;
        this.counterQueues = counterQueues;
        this.rejoinDeadline = rejoinDeadline;
    }

    void start() {
        for (int client = 0; client < clients; client++) {
            var random = new Random(seed + client);
            executor.execute(() -> loop(random));
        }
    }

    /** Lets every client finish the work it started (waits and joins included), and starts no more. */
    void stopAndDrain(Duration atMost) throws InterruptedException {
        stopping.set(true);
        executor.shutdown();
        if (!executor.awaitTermination(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("load clients still busy " + atMost + " after the stop");
        }
    }

    /** Exceptions the client code itself threw (test bugs, or answers it could not even read). */
    List<String> clientErrors() {
        return List.copyOf(clientErrors);
    }

    private void loop(Random random) {
        while (!stopping.get()) {
            try {
                int pick = random.nextInt(10);
                if (counterQueues && pick >= 6) {
                    counters(random); // with counter queues: 40 % counters, 30 % slow, 10 % counter, 20 % echo
                } else if (pick < (counterQueues ? 3 : 5)) {
                    slow(random);
                } else if (pick < (counterQueues ? 4 : 7)) {
                    counter();
                } else {
                    echo(random);
                }
                // pacing only (no synchronisation): a think time of 300-900 ms keeps the clients from saturating the
                // two cores the eight JVMs share, which would slow every restart down
                Thread.sleep(300 + random.nextInt(600));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | AssertionError bug) {
                clientErrors.add(String.valueOf(bug));
            }
        }
    }

    private void slow(Random random) {
        var plan = ledger.newThread(ThreadPlan.Kind.SLOW);
        int ms = 100 + random.nextInt(1401);
        var durability = DURABILITIES.get(random.nextInt(DURABILITIES.size()));
        var op = add(plan, "slow (" + durability + ")", Map.of("ms", ms, "done", true));
        op.durability = durability;
        op.hasInput = true;
        op.executionMillis = ms;
        waitForRun(op, Map.of("assistant_id", "slow", "input", Map.of("ms", ms), "if_not_exists", "create",
                "durability", durability, "metadata", Map.of("op", op.id)));
    }

    private void counter() {
        var plan = ledger.newThread(ThreadPlan.Kind.COUNTER);
        var pause = add(plan, "counter pause", Map.of("count", 1, "log", List.of("a")));
        pause.hasInput = true; // {} is an input
        waitForRun(pause, Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create",
                "interrupt_before", List.of("b"), "metadata", Map.of("op", pause.id)));
        if (!pause.answered || !Objects.equals(pause.expected, pause.answer)) {
            return; // the thread's state is not known for sure: the checks settle it
        }
        var resume = add(plan, "counter resume", Map.of("count", 2, "log", List.of("a", "b")));
        var body = new HashMap<String, Object>();
        body.put("assistant_id", "counter");
        body.put("input", null);
        body.put("metadata", Map.of("op", resume.id));
        waitForRun(resume, body);
    }

    private void echo(Random random) {
        var plan = ledger.newThread(ThreadPlan.Kind.ECHO);
        int runs = 3 + random.nextInt(3);
        for (int i = 1; i <= runs; i++) {
            var op = add(plan, "echo #" + i, null);
            op.hasInput = true;
            var message = Map.of("role", "user", "content", op.text);
            createInBackground(op, Map.of("assistant_id", "echo", "input", Map.of("messages", List.of(message)),
                    "multitask_strategy", "enqueue", "if_not_exists", "create", "metadata", Map.of("op", op.id)));
        }
        for (var op : plan.ops) {
            if (op.acceptedForSure()) {
                var runId = op.runId;
                join(op, "/threads/" + plan.threadId + "/runs/" + runId + "/join", -1);
            }
        }
    }

    private void counters(Random random) {
        var plan = ledger.newThread(ThreadPlan.Kind.COUNTERS);
        int runs = 3 + random.nextInt(4);
        for (int i = 1; i <= runs; i++) {
            var op = add(plan, "counter #" + i, null);
            op.hasInput = true; // {} is an input: each run goes START -> a -> b
            createInBackground(op, Map.of("assistant_id", "counter", "input", Map.of(),
                    "multitask_strategy", "enqueue", "if_not_exists", "create", "metadata", Map.of("op", op.id)));
        }
        for (var op : plan.ops) {
            if (op.acceptedForSure()) {
                join(op, "/threads/" + plan.threadId + "/runs/" + op.runId + "/join", -1);
            }
        }
    }

    private static Op add(ThreadPlan plan, String label, @Nullable Object expected) {
        var op = new Op(plan, label, expected);
        plan.ops.add(op);
        return op;
    }

    private void waitForRun(Op op, Map<String, Object> body) {
        op.sentAt = System.nanoTime();
        var exchange = gateways.sendAnywhere("POST", "/threads/" + op.thread.threadId + "/runs/wait", body,
                WAIT_TIMEOUT);
        if (!submitted(op, exchange)) {
            return;
        }
        var answered = (Exchange.Answered) exchange;
        op.runId = lastSegment(answered.header("Content-Location"));
        op.submission = Op.Submission.ACCEPTED;
        if (answered.body() != null) {
            answer(op, answered.body());
        } else {
            op.rejoined = true;
            join(op, answered.header("Location"), answered.gateway());
        }
    }

    private void createInBackground(Op op, Map<String, Object> body) {
        op.sentAt = System.nanoTime();
        var exchange = gateways.sendAnywhere("POST", "/threads/" + op.thread.threadId + "/runs", body,
                WAIT_TIMEOUT);
        if (!submitted(op, exchange)) {
            return;
        }
        var answered = (Exchange.Answered) exchange;
        // a 200 is sent once the thread's writer stored the run, even if the Run in its body then broke off
        op.runId = answered.body() != null ? (String) Json.map(answered.json()).get("run_id")
                : lastSegment(answered.header("Content-Location"));
        op.submission = Op.Submission.ACCEPTED;
    }

    /** Records what a run-creating exchange came to; true when it is a 200 the caller goes on with. */
    private boolean submitted(Op op, Exchange exchange) {
        switch (exchange) {
            case Exchange.Refused refused -> {
                op.detail = refused.reason();
                op.sentAt = 0; // nothing was sent
                return false;
            }
            case Exchange.Lost lost -> {
                ledger.sent();
                op.submission = Op.Submission.AMBIGUOUS;
                op.detail = "gateway " + (lost.gateway() + 1) + ": " + lost.reason();
                op.settled();
                return false;
            }
            case Exchange.Answered answered -> {
                ledger.sent();
                if (answered.status() == 200) {
                    return true;
                }
                op.submission = answered.status() >= 500 ? Op.Submission.AMBIGUOUS : Op.Submission.REJECTED;
                op.detail = "gateway " + (answered.gateway() + 1) + " answered " + answered.status() + ": "
                        + answered.body();
                op.settled();
                return false;
            }
        }
    }

    /**
     * Joins the run until a gateway answers with its result, for at most two minutes; after a broken attempt the
     * next goes to another gateway than the one that broke off ({@code avoided}, or -1 for none).
     */
    private void join(Op op, @Nullable String location, int avoided) {
        if (location == null) {
            op.answerFailure = "no Location to join";
            op.settled();
            return;
        }
        var broken = new AtomicInteger(avoided);
        var attempts = new AtomicInteger();
        var last = new AtomicReference<Exchange>();
        var body = Retry.until(rejoinDeadline, () -> {
            attempts.incrementAndGet();
            var exchange = broken.get() < 0 ? gateways.sendAnywhere("GET", location, null, WAIT_TIMEOUT)
                    : gateways.sendAvoiding(broken.get(), "GET", location, null, WAIT_TIMEOUT);
            last.set(exchange);
            if (exchange instanceof Exchange.Answered answered && answered.ok()) {
                return Optional.ofNullable(answered.body());
            }
            broken.set(exchange.gateway());
            return Optional.<String>empty();
        });
        if (body.isEmpty()) {
            op.answerFailure = "no answer from " + attempts.get() + " joins within " + rejoinDeadline + "; last: "
                    + last.get();
            op.settled();
            return;
        }
        op.rejoined |= attempts.get() > 1;
        answer(op, body.get());
    }

    private void answer(Op op, String body) {
        op.settled();
        try {
            op.answer = Json.read(body);
            op.answered = true;
            ledger.answered();
        } catch (RuntimeException unreadable) {
            op.answerFailure = "unreadable body " + body + ": " + unreadable;
        }
    }

    private static @Nullable String lastSegment(@Nullable String path) {
        return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
}
