package dev.kgraph.faults;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;

/**
 * "Is the system serving?": a {@code runs/wait} of {@code echo} on a fresh thread, on every partition of the
 * thread-keyed topics (thread ids chosen with the default partitioner's hash) and through every gateway asked about.
 * A probe sent while a partition has no live owner simply waits until one takes over, so the moment the last probe
 * is answered is the moment the system serves again.
 */
final class Probes {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private final Gateways gateways;
    private final AtomicInteger sent = new AtomicInteger();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    Probes(Gateways gateways) {
        this.gateways = gateways;
    }

    /** The partition the producers put {@code threadId}'s records on (Kafka's default partitioner, keyed). */
    static int partitionOf(String threadId) {
        return Utils.toPositive(Utils.murmur2(threadId.getBytes(UTF_8))) % LocalCluster.PARTITIONS;
    }

    static String freshThreadOn(int partition) {
        while (true) {
            var threadId = UUID.randomUUID().toString();
            if (partitionOf(threadId) == partition) {
                return threadId;
            }
        }
    }

    /**
     * Probes every partition through each of {@code gatewayIndexes} until each answered correctly, in parallel;
     * returns the {@link System#nanoTime()} of the last answer.
     *
     * @throws AssertionError when some partition is not served within {@code atMost}
     */
    long awaitServing(Collection<Integer> gatewayIndexes, Duration atMost) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new ArrayList<Future<Long>>();
            for (int gateway : gatewayIndexes) {
                for (int partition = 0; partition < LocalCluster.PARTITIONS; partition++) {
                    int p = partition;
                    answers.add(executor.submit(() -> Retry.until(atMost, () -> probeOnce(gateway, p))
                            .orElseThrow(() -> new AssertionError("partition " + p + " not served through gateway "
                                    + (gateway + 1) + " within " + atMost))));
                }
            }
            long last = 0;
            for (var answer : answers) {
                last = Math.max(last, answer.get());
            }
            return last;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<Long> probeOnce(int gateway, int partition) {
        var threadId = freshThreadOn(partition);
        var message = Map.of("role", "user", "content", "probe " + threadId);
        sent.incrementAndGet();
        var exchange = gateways.send(gateway, "POST", "/threads/" + threadId + "/runs/wait", Map.of(
                "assistant_id", "echo", "input", Map.of("messages", List.of(message)), "if_not_exists", "create"),
                ATTEMPT_TIMEOUT);
        if (!(exchange instanceof Exchange.Answered answered) || !answered.ok()) {
            return Optional.empty();
        }
        var expected = Map.of("messages", List.of(message,
                Map.of("role", "ai", "content", "echo: probe " + threadId)));
        var body = answered.json();
        if (!expected.equals(body)) {
            problems.add("probe on thread " + threadId + " through gateway " + (gateway + 1) + " answered " + body);
            return Optional.empty();
        }
        return Optional.of(System.nanoTime());
    }

    int sentCount() {
        return sent.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
