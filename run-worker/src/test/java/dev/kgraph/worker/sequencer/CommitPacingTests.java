package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.model.json.JsonSerde;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunSpec;
import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once, a decision on a record that did not queue is committed at once (an idle worker answers after one
 * commit), and a backlog is committed at the interval, in few large transactions (docs/benchmarks.md, section 4). A
 * decision that sent nothing to another process is not committed on its own.
 */
class CommitPacingTests {
    private static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @Test
    void aRecordThatDidNotQueueIsCommittedAtOnce() {
        var context = sequencerContext(CommitPacing.eagerWhileFresh(Duration.ofMillis(20)));
        context.processor.process(request(NOW - 3));
        assertThat(context.mock.committed()).isTrue();
    }

    @Test
    void aFreshDecisionThatSentNothingIsLeftForTheNextCommitAndOneThatRepliesIsCommittedAtOnce() {
        var context = sequencerContext(CommitPacing.eagerWhileFresh(Duration.ofMillis(20)));
        // runs/wait: the run is created and its acceptance held back (the run's end will answer): nobody waits for
        // this decision, which then goes out in the transaction of the next one that sends something
        context.processor.process(create("run-1", true, NOW - 3));
        assertThat(context.mock.forwarded()).isEmpty();
        assertThat(context.mock.committed()).isFalse();
        // POST /runs: the creator waits for the reply, which waits for the commit
        context.processor.process(create("run-2", false, NOW - 3));
        assertThat(context.mock.forwarded()).hasSize(1);
        assertThat(context.mock.committed()).isTrue();
    }

    @Test
    void aRecordThatQueuedWaitsForTheCommitInterval() {
        var context = sequencerContext(CommitPacing.eagerWhileFresh(Duration.ofMillis(20)));
        context.processor.process(request(NOW - 2_000)); // read two seconds after it was written: a backlog
        assertThat(context.mock.committed()).isFalse();
    }

    @Test
    void atLeastOnceNeverCommitsBeforeTheInterval() {
        var context = sequencerContext(CommitPacing.AT_INTERVAL);
        context.processor.process(request(NOW));
        assertThat(context.mock.committed()).isFalse();
    }

    @Test
    void theAgeLimitIsInclusiveAndNeverNegative() {
        var pacing = CommitPacing.eagerWhileFresh(Duration.ofMillis(20));
        assertThat(pacing.commitNow(NOW - 20, NOW)).isTrue();
        assertThat(pacing.commitNow(NOW - 21, NOW)).isFalse();
        assertThat(pacing.commitNow(NOW + 5, NOW)).isTrue(); // a writer whose clock runs ahead: treated as fresh
        assertThatThrownBy(() -> CommitPacing.eagerWhileFresh(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Record<String, Object> request(long writtenAt) {
        return new Record<>("thread-1", new ThreadRequest.GetThread("req-1", "thread-1", "gw"), writtenAt);
    }

    private static Record<String, Object> create(String runId, boolean acceptanceHeldBack, long writtenAt) {
        var spec = new RunSpec(runId, "assistant", "echo", Instant.ofEpochMilli(NOW).toString(), Map.of(),
                Map.of("input", Map.of()), "enqueue", "create", 0, false, Map.of("graph_id", "echo"));
        var request = acceptanceHeldBack
                ? new ThreadRequest.CreateRun("req-" + runId, "thread-" + runId, "gw", spec, true, true)
                : new ThreadRequest.CreateRun("req-" + runId, "thread-" + runId, "gw", spec);
        return new Record<>("thread-" + runId, request, writtenAt);
    }

    private record Sequencer(ThreadSequencer processor, MockProcessorContext<String, Object> mock) {
    }

    private Sequencer sequencerContext(CommitPacing pacing) {
        var mock = new MockProcessorContext<String, Object>();
        mock.setCurrentSystemTimeMs(NOW);
        addStore(mock, SequencerStores.THREAD_STATE, Serdes.ByteArray());
        addStore(mock, SequencerStores.SCHEDULE, Serdes.String());
        addStore(mock, SequencerStores.ASSISTANTS, new JsonSerde<>(AssistantEntry.class));
        addStore(mock, SequencerStores.CRONS, new JsonSerde<>(CronEntry.class));
        addStore(mock, SequencerStores.STORE_ITEMS, new JsonSerde<>(StoreItemEntry.class));
        addStore(mock, SequencerStores.STORE_EXPIRIES, Serdes.String());
        var sequencer = new ThreadSequencer(new NoDispatch(), 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) -> {
                    throw new UnsupportedOperationException();
                }, clock, RunObserver.NONE, new SequencerWakeUps(), pacing);
        sequencer.init(mock);
        return new Sequencer(sequencer, mock);
    }

    private static <V> void addStore(MockProcessorContext<String, Object> mock, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(mock.getStateStoreContext(), store);
        mock.addStateStore(store);
    }
}
