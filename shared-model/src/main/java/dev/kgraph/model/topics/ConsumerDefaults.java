package dev.kgraph.model.topics;

/**
 * Consumer settings shared by every process's own Kafka consumers (the gateway's tails, the webhook dispatcher, the
 * worker's store replies).
 */
public final class ConsumerDefaults {

    /**
     * {@code fetch.max.wait.ms}: how long the broker holds a fetch when there is nothing new to read. A record
     * produced meanwhile answers the held fetch at once, so this does not delay a reply or an event; it only sets how
     * often an idle consumer (and the broker serving it) wakes up. Kafka's default; it was 100 ms, which kept an idle
     * standalone server busy with some 170 empty fetches a second (docs/benchmarks.md, "Start-up and idle").
     */
    public static final int IDLE_FETCH_WAIT_MS = 500;

    private ConsumerDefaults() {
    }
}
