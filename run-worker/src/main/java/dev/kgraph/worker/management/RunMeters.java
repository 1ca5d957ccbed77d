package dev.kgraph.worker.management;

import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.worker.execution.ExecutionListener;
import dev.kgraph.worker.sequencer.RunObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker's run meters (docs/metrics.md). Counters and timers are registered up front for every registered graph
 * and every final status, so recording is a map lookup and an increment; a graph id not registered here (a run
 * created for a graph another worker has) is registered on first use. No run or thread id is ever a tag.
 *
 * <ul>
 *   <li>{@code kgraph.runs.accepted{graph_id}}: runs created (accepted by the threads' writers) on this worker; not
 *       {@code kgraph.runs.created}: Prometheus reserves the {@code _created} suffix and would drop it;</li>
 *   <li>{@code kgraph.runs.finished{graph_id,status}}: runs that reached a final state here;</li>
 *   <li>{@code kgraph.run.duration{graph_id,status}}: how long executions ran on this worker (histogram);</li>
 *   <li>{@code kgraph.threads.queued.runs.max}: the longest queue of waiting runs of one thread on this worker;</li>
 *   <li>{@code kgraph.runs.queued}: runs waiting in the queues of this worker's threads.</li>
 * </ul>
 */
public final class RunMeters implements RunObserver, ExecutionListener {
    private static final RunStatus[] FINAL = {RunStatus.SUCCESS, RunStatus.ERROR, RunStatus.TIMEOUT,
            RunStatus.INTERRUPTED};

    /** Histogram buckets: a few per order of magnitude from 10 ms to an hour (not Micrometer's ~70 default ones). */
    static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Map<String, Counter> created = new ConcurrentHashMap<>();
    private final Map<String, EnumMap<RunStatus, Counter>> finished = new ConcurrentHashMap<>();
    private final Map<String, EnumMap<RunStatus, Timer>> durations = new ConcurrentHashMap<>();
    /** partition → thread id → runs waiting in its queue (only threads with a non-empty queue). */
    private final Map<Integer, Map<String, Integer>> queues = new ConcurrentHashMap<>();
    private final Counter webhooksEnqueued;

    public RunMeters(MeterRegistry registry, Collection<String> graphIds) {
        this.registry = registry;
        graphIds.forEach(this::register);
        Gauge.builder("kgraph.threads.queued.runs.max", this, RunMeters::longestQueue)
                .description("the most runs waiting in the queue of one thread owned by this worker")
                .register(registry);
        Gauge.builder("kgraph.runs.queued", this, RunMeters::queuedRuns)
                .description("runs waiting (pending) in the queues of the threads owned by this worker")
                .register(registry);
        webhooksEnqueued = Counter.builder("kgraph.webhook.enqueued")
                .description("webhook delivery requests queued by this worker's thread writers as their runs ended")
                .register(registry);
    }

    @Override
    public void webhookEnqueued() {
        webhooksEnqueued.increment();
    }

    private void register(String graphId) {
        created.computeIfAbsent(graphId, id -> Counter.builder("kgraph.runs.accepted").tag("graph_id", id)
                .description("runs created: accepted by the threads' writers on this worker").register(registry));
        finished.computeIfAbsent(graphId, id -> {
            var counters = new EnumMap<RunStatus, Counter>(RunStatus.class);
            for (var status : FINAL) {
                counters.put(status, Counter.builder("kgraph.runs.finished").tag("graph_id", id)
                        .tag("status", status.wire())
                        .description("runs that reached a final state on this worker").register(registry));
            }
            return counters;
        });
        durations.computeIfAbsent(graphId, id -> {
            var timers = new EnumMap<RunStatus, Timer>(RunStatus.class);
            for (var status : FINAL) {
                timers.put(status, Timer.builder("kgraph.run.duration").tag("graph_id", id)
                        .tag("status", status.wire())
                        .description("how long run executions ran on this worker")
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
            }
            return timers;
        });
    }

    private static String known(String graphId) {
        return graphId == null ? "unknown" : graphId;
    }

    @Override
    public void created(String graphId) {
        var id = known(graphId);
        var counter = created.get(id);
        if (counter == null) {
            register(id);
            counter = created.get(id);
        }
        counter.increment();
    }

    @Override
    public void finished(String graphId, RunStatus status) {
        if (!status.isFinal()) {
            return;
        }
        var id = known(graphId);
        var counters = finished.get(id);
        if (counters == null) {
            register(id);
            counters = finished.get(id);
        }
        counters.get(status).increment();
    }

    @Override
    public void ended(String graphId, RunStatus status, long nanos) {
        if (!status.isFinal()) {
            return;
        }
        var id = known(graphId);
        var timers = durations.get(id);
        if (timers == null) {
            register(id);
            timers = durations.get(id);
        }
        timers.get(status).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void queued(int partition, String threadId, int waiting) {
        if (waiting > 0) {
            queues.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(threadId, waiting);
        } else {
            var threads = queues.get(partition);
            if (threads != null) {
                threads.remove(threadId);
            }
        }
    }

    @Override
    public void partitionClosed(int partition) {
        queues.remove(partition);
    }

    /** Scans the threads with waiting runs (only those are kept): called on a scrape, not per run. */
    double longestQueue() {
        int max = 0;
        for (var threads : queues.values()) {
            for (int waiting : threads.values()) {
                max = Math.max(max, waiting);
            }
        }
        return max;
    }

    double queuedRuns() {
        long sum = 0;
        for (var threads : queues.values()) {
            for (int waiting : threads.values()) {
                sum += waiting;
            }
        }
        return sum;
    }
}
