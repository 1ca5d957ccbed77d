package dev.kgraph.worker.sequencer;

import dev.kgraph.model.topics.Topics;
import java.time.Clock;
import org.apache.kafka.streams.Topology;

/**
 * <pre>
 *  kgraph.requests ─┐                         ┌─► kgraph.replies  (key: request id)
 *                   ├─► ThreadSequencer ──────┼─► kgraph.events   (key: thread id)
 *  kgraph.progress ─┘   [threads, runs,       ├─► kgraph.requests (key: thread id; a thread copy's parts)
 *                        checkpoints,         └─► kgraph.assistants (key: assistant id; created assistants)
 *                        assistants,   ──► RunDispatcher (execution pool, in-process)
 *                        store items, crons]  └─► kgraph.stream   (key: thread id; state_update events)
 * </pre>
 * Both inputs are keyed by thread id and co-partitioned, so one task owns all of a thread's traffic; requests about
 * an assistant are keyed by its id, so one task owns each assistant too; and so for crons (a tick's run goes to its
 * thread's writer through kgraph.requests).
 */
public final class SequencerTopology {
    static final String REPLIES_SINK = "replies";
    static final String EVENTS_SINK = "events";
    /** Requests a thread's writer sends to another thread's writer (a thread copy). */
    static final String REQUESTS_SINK = "requests-out";
    /** Each created, changed or deleted (tombstone) assistant, for every gateway's directory. */
    static final String ASSISTANTS_SINK = "assistants-out";
    /** Thread events for the thread stream ({@code state_update}); runs' events are written by their executions. */
    static final String STREAM_SINK = "stream-out";
    /** Webhook deliveries of runs that ended, for the gateways' dispatchers. */
    static final String WEBHOOKS_SINK = "webhooks-out";
    private static final String REQUESTS_SOURCE = "requests";
    private static final String PROGRESS_SOURCE = "progress";
    private static final String SEQUENCER = "sequencer";

    private SequencerTopology() {
    }

    /** @param maxAttempts executions a run may lose to dying workers before it ends {@code error} */
    public static Topology build(RunDispatcher dispatcher, int maxAttempts, StateReader states, StateUpdater updater,
                                 Clock clock) {
        return build(dispatcher, maxAttempts, states, updater, clock, RunObserver.NONE);
    }

    /** @param observer told of runs created and finished and of queue lengths (metrics) */
    public static Topology build(RunDispatcher dispatcher, int maxAttempts, StateReader states, StateUpdater updater,
                                 Clock clock, RunObserver observer) {
        return build(dispatcher, maxAttempts, states, updater, clock, observer, new SequencerWakeUps());
    }

    /** @param wakeUps told by each partition's sequencer when it next needs its stream thread (idle polls) */
    public static Topology build(RunDispatcher dispatcher, int maxAttempts, StateReader states, StateUpdater updater,
                                 Clock clock, RunObserver observer, SequencerWakeUps wakeUps) {
        return build(dispatcher, maxAttempts, states, updater, clock, observer, wakeUps, CommitPacing.AT_INTERVAL);
    }

    /**
     * @param wakeUps told by each partition's sequencer when it next needs its stream thread (idle polls)
     * @param pacing  when a decision is committed before the commit interval ends (exactly-once)
     */
    public static Topology build(RunDispatcher dispatcher, int maxAttempts, StateReader states, StateUpdater updater,
                                 Clock clock, RunObserver observer, SequencerWakeUps wakeUps, CommitPacing pacing) {
        var topology = new Topology();
        topology.addSource(REQUESTS_SOURCE, Topics.REQUESTS.keySerde().deserializer(),
                Topics.REQUESTS.valueSerde().deserializer(), Topics.REQUESTS.name());
        topology.addSource(PROGRESS_SOURCE, Topics.PROGRESS.keySerde().deserializer(),
                Topics.PROGRESS.valueSerde().deserializer(), Topics.PROGRESS.name());
        topology.addProcessor(SEQUENCER, () -> new ThreadSequencer(dispatcher, maxAttempts, states, updater, clock,
                observer, wakeUps, pacing),
                REQUESTS_SOURCE, PROGRESS_SOURCE);
        topology.addStateStore(SequencerStores.threadState(), SEQUENCER);
        topology.addStateStore(SequencerStores.schedule(), SEQUENCER);
        topology.addStateStore(SequencerStores.assistants(), SEQUENCER);
        topology.addStateStore(SequencerStores.crons(), SEQUENCER);
        topology.addStateStore(SequencerStores.storeItems(), SEQUENCER);
        topology.addStateStore(SequencerStores.storeExpiries(), SEQUENCER);
        topology.addSink(REPLIES_SINK, Topics.REPLIES.name(), Topics.REPLIES.keySerde().serializer(),
                Topics.REPLIES.valueSerde().serializer(), SEQUENCER);
        topology.addSink(EVENTS_SINK, Topics.EVENTS.name(), Topics.EVENTS.keySerde().serializer(),
                Topics.EVENTS.valueSerde().serializer(), SEQUENCER);
        topology.addSink(REQUESTS_SINK, Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer(), SEQUENCER);
        topology.addSink(ASSISTANTS_SINK, Topics.ASSISTANTS.name(), Topics.ASSISTANTS.keySerde().serializer(),
                Topics.ASSISTANTS.valueSerde().serializer(), SEQUENCER);
        topology.addSink(STREAM_SINK, Topics.STREAM.name(), Topics.STREAM.keySerde().serializer(),
                Topics.STREAM.valueSerde().serializer(), SEQUENCER);
        topology.addSink(WEBHOOKS_SINK, Topics.WEBHOOKS.name(), Topics.WEBHOOKS.keySerde().serializer(),
                Topics.WEBHOOKS.valueSerde().serializer(), SEQUENCER);
        return topology;
    }
}
