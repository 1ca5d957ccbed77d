package dev.kgraph.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code kgraph.gateway.*}).
 *
 * @param instanceId        this replica's address for replies; unique per process (random by default)
 * @param requestTimeout    how long to wait for the thread writer's reply before answering 503
 * @param keepAlive         interval of the newline keep-alives of {@code runs/wait} and {@code join} (LangGraph: 5 s)
 * @param maxPendingRequests requests awaiting a reply at once; beyond it the gateway answers 503 with Retry-After
 * @param maxWaiters        callers waiting for run completions at once; beyond it the gateway answers 503. {@code 0}
 *                          (the default): as many as fit in this JVM's heap, see {@link #maxWaitersFor(long)}
 */
@ConfigurationProperties("kgraph.gateway")
public record GatewaySettings(String instanceId,
                              @DefaultValue("30s") Duration requestTimeout,
                              @DefaultValue("5s") Duration keepAlive,
                              @DefaultValue("20000") int maxPendingRequests,
                              @DefaultValue("0") int maxWaiters) {

    /** The most callers a gateway lets wait by default, however large its heap. */
    static final int MAX_WAITERS_CAP = 50_000;
    /**
     * What one waiting {@code runs/wait} holds on the heap, rounded up: the gateway's side of a call measured 15.9 KB
     * from a heap dump, the standalone server's pending run beside it a few KB more (docs/benchmarks.md, section 8).
     */
    static final long BYTES_PER_WAITER = 24 * 1024;

    public GatewaySettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "gateway-" + java.util.UUID.randomUUID();
        }
        if (maxWaiters <= 0) {
            maxWaiters = maxWaitersFor(Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * The default bound on waiting callers for a heap of {@code maxHeapBytes}: waiters may take up to 60 % of it
     * (the rest is the process's own working set and the collector's room), at most {@value #MAX_WAITERS_CAP}. A
     * bound the heap cannot hold would turn a burst of callers into an {@link OutOfMemoryError} instead of 503s with
     * {@code Retry-After}: 50,000 waiters need about 1.2 GB, and a gateway in a 1 GB container has half of that.
     */
    static int maxWaitersFor(long maxHeapBytes) {
        long fit = maxHeapBytes / 10 * 6 / BYTES_PER_WAITER;
        return (int) Math.max(1, Math.min(MAX_WAITERS_CAP, fit));
    }
}
