package dev.kgraph.model.topics;

import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.JsonSerde;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.webhooks.WebhookRequest;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the system. {@link #REQUESTS} and {@link #PROGRESS} are co-partitioned (same key, same partition count) so the
 * sequencer task owning a thread sees both its requests and its run progress.
 */
public final class Topics {
    /** Gateway → sequencer. Key: thread_id. Every decision about a thread starts here. */
    public static final Topic<String, ThreadRequest> REQUESTS =
            new Topic<>("kgraph.requests", Serdes.String(), new JsonSerde<>(ThreadRequest.class));
    /** Executor → sequencer. Key: thread_id. Checkpoints and run outcomes, stamped with the run's attempt. */
    public static final Topic<String, RunProgress> PROGRESS =
            new Topic<>("kgraph.progress", Serdes.String(), JsonSerde.attachingLargeValues(RunProgress.class));
    /** Sequencer → gateways. Key: request id. Each gateway reads all of it and keeps the replies addressed to it. */
    public static final Topic<String, Reply> REPLIES =
            new Topic<>("kgraph.replies", Serdes.String(), new JsonSerde<>(Reply.class));
    /** Sequencer → gateways. Key: thread_id. Run completions; the gateways' waiters read it. */
    public static final Topic<String, RunEvent> EVENTS =
            new Topic<>("kgraph.events", Serdes.String(), JsonSerde.attachingLargeValues(RunEvent.class));
    /**
     * Sequencer → webhook dispatchers (gateways). Key: thread_id. A delivery to make, written in the decision that
     * ended its run; spring-kafka's retry topics ({@code kgraph.webhooks-retry-<n>}, {@code -dlt}) follow it.
     */
    public static final Topic<String, WebhookRequest> WEBHOOKS =
            new Topic<>(Topics.WEBHOOKS_NAME, Serdes.String(), new JsonSerde<>(WebhookRequest.class));
    /** {@link #WEBHOOKS}'s name as a constant, for listener annotations. */
    public static final String WEBHOOKS_NAME = "kgraph.webhooks";
    /** Workers → gateways. Key: assistant_id. Compacted: the registry of assistants (one per registered graph). */
    public static final Topic<String, AssistantRecord> ASSISTANTS =
            new Topic<>("kgraph.assistants", Serdes.String(), new JsonSerde<>(AssistantRecord.class));

    /**
     * Executors → gateways. Key: thread_id, so a run's events are in one partition and their offsets, the SSE ids,
     * only grow. Value: the SSE data JSON; run id, event name and attempt in headers (see
     * {@code dev.kgraph.model.stream.StreamRecords}). Written only for runs someone streams.
     */
    public static final Topic<String, byte[]> STREAM =
            new Topic<>("kgraph.stream", Serdes.String(), Serdes.ByteArray());

    private Topics() {
    }
}
