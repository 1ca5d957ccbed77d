package dev.kgraph.model.topics;

import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Consumer settings shared by every process's own Kafka consumers (the gateway's tails, the webhook dispatcher, the
 * worker's store replies).
 */
public final class ConsumerDefaults {

    /**
     * {@code fetch.max.wait.ms} of the tails (replies, events, streams, assistants, store replies) and of the webhook
     * listeners of completions and first attempts: how long the broker holds a fetch when there is nothing new to
     * read. A record produced meanwhile answers the held fetch at once, so this does not delay a reply or an event; it
     * only sets how often an idle consumer (and the broker serving it) wakes up. It was 100 ms, which kept an idle
     * standalone server busy with some 170 empty fetches a second, then Kafka's default of 500 ms (docs/benchmarks.md,
     * "Start-up and idle"). Only for consumers that never pause a partition: while a fetch is held, the consumer sends
     * no other one to that broker, so a partition resumed meanwhile (or newly assigned, after a group's rebalance)
     * waits for it.
     */
    public static final int IDLE_FETCH_WAIT_MS = 5_000;

    /**
     * {@code fetch.max.wait.ms} of consumers that pause and resume partitions (the webhook listeners of the retry
     * topics, which wait out their back-off that way): a resumed partition is fetched once the held fetch returns,
     * so this bounds how late it may be. Kafka's default.
     */
    public static final int PAUSING_FETCH_WAIT_MS = 500;

    /**
     * How long closing a consumer without a group (the tails, the stream replays, the store replies) may take. Such a
     * consumer has nothing to commit and no group to leave: closing only asks the broker to drop its fetch session,
     * and that request queues behind the fetch the broker is holding ({@link #IDLE_FETCH_WAIT_MS}), so a plain
     * {@code close()} of an idle tail took 5 s, and the gateway's shutdown (its tails closed one after the other)
     * about 10 s. Unanswered, the broker evicts the session itself later.
     */
    static final Duration GROUPLESS_CLOSE_TIMEOUT = Duration.ofMillis(100);

    /** Closes a consumer without a group within {@link #GROUPLESS_CLOSE_TIMEOUT}, instead of {@code close()}. */
    public static void closeGroupless(Consumer<?, ?> consumer) {
        consumer.close(CloseOptions.timeout(GROUPLESS_CLOSE_TIMEOUT));
    }

    private ConsumerDefaults() {
    }
}
