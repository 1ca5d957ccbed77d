package dev.kgraph.worker.sequencer;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.replies.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the sequencer's handlers share for one partition: its three stores, its outputs and the clock. Only the
 * Streams thread of the task touches it.
 */
final class SequencerState {
    final KeyValueStore<String, ThreadEntry> threads;
    final KeyValueStore<String, RunEntry> runs;
    final KeyValueStore<String, byte[]> checkpoints;
    final KeyValueStore<String, String> schedule;
    final StateReader reader;
    private final ProcessorContext<String, Object> context;
    private final Clock clock;

    SequencerState(ProcessorContext<String, Object> context, StateReader reader, Clock clock) {
        this.context = context;
        this.reader = reader;
        this.clock = clock;
        this.threads = context.getStateStore(SequencerStores.THREADS);
        this.runs = context.getStateStore(SequencerStores.RUNS);
        this.checkpoints = context.getStateStore(SequencerStores.CHECKPOINTS);
        this.schedule = context.getStateStore(SequencerStores.SCHEDULE);
    }

    java.time.Instant instant() {
        return clock.instant();
    }

    /** Remembers that {@code runId} must be looked at again at {@code due}. */
    void scheduleWakeUp(java.time.Instant due, String threadId, String runId) {
        // rounded up to the next millisecond: a wake-up taken at its key's millisecond must find the run due
        long dueMillis = due.toEpochMilli() + (due.getNano() % 1_000_000 == 0 ? 0 : 1);
        schedule.put(String.format("%015d/%s/%s", dueMillis, threadId, runId), threadId);
    }

    /** Removes and returns the threads of every wake-up due by {@code now}, earliest first. */
    List<String> takeDueWakeUps(java.time.Instant now) {
        var due = new ArrayList<org.apache.kafka.streams.KeyValue<String, String>>();
        try (var it = schedule.range("", String.format("%015d/\uffff", now.toEpochMilli()))) {
            it.forEachRemaining(due::add);
        }
        due.forEach(kv -> schedule.delete(kv.key));
        return due.stream().map(kv -> kv.value).distinct().toList();
    }

    String now() {
        return clock.instant().toString();
    }

    int partition() {
        return context.taskId().partition();
    }

    RunEntry run(String threadId, String runId) {
        return runs.get(StoreKeys.run(threadId, runId));
    }

    void put(RunEntry entry) {
        runs.put(StoreKeys.run(entry.run().threadId(), entry.run().runId()), entry);
    }

    void deleteRun(String threadId, String runId) {
        runs.delete(StoreKeys.run(threadId, runId));
    }

    void put(ThreadEntry thread) {
        threads.put(thread.threadId(), thread);
    }

    /** The thread's runs, newest first. */
    List<RunEntry> runsOf(String threadId) {
        var found = new ArrayList<RunEntry>();
        try (var it = runs.reverseRange(StoreKeys.runsFrom(threadId), StoreKeys.runsTo(threadId))) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    /** Runs of every thread of this partition that satisfy {@code filter}. */
    List<RunEntry> runsWhere(Predicate<RunEntry> filter) {
        var found = new ArrayList<RunEntry>();
        try (var it = runs.all()) {
            it.forEachRemaining(kv -> {
                if (filter.test(kv.value)) {
                    found.add(kv.value);
                }
            });
        }
        return found;
    }

    byte[] latestCheckpoint(String threadId) {
        try (var it = checkpoints.reverseRange(StoreKeys.checkpointsFrom(threadId, ""),
                StoreKeys.checkpointsTo(threadId, ""))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    byte[] checkpoint(String threadId, String checkpointNs, String checkpointId) {
        return checkpoints.get(StoreKeys.checkpoint(threadId, checkpointNs, checkpointId));
    }

    /** Deletes the checkpoints (every namespace) that {@code runId} wrote: what a rollback erases. */
    void deleteCheckpointsOf(String threadId, String runId) {
        var doomed = new ArrayList<String>();
        try (var it = checkpoints.range(StoreKeys.runsFrom(threadId), StoreKeys.threadTo(threadId))) {
            it.forEachRemaining(kv -> {
                if (runId.equals(reader.runIdOf(kv.value))) {
                    doomed.add(kv.key);
                }
            });
        }
        doomed.forEach(checkpoints::delete);
    }

    /** Deletes everything stored for a thread: the thread, its runs, its checkpoints. */
    void deleteThread(String threadId) {
        var doomedRuns = new ArrayList<String>();
        try (var it = runs.range(StoreKeys.runsFrom(threadId), StoreKeys.runsTo(threadId))) {
            it.forEachRemaining(kv -> doomedRuns.add(kv.key));
        }
        doomedRuns.forEach(runs::delete);
        var doomedCheckpoints = new ArrayList<String>();
        try (var it = checkpoints.range(StoreKeys.runsFrom(threadId), StoreKeys.threadTo(threadId))) {
            it.forEachRemaining(kv -> doomedCheckpoints.add(kv.key));
        }
        doomedCheckpoints.forEach(checkpoints::delete);
        threads.delete(threadId);
    }

    void emit(RunEvent event) {
        context.forward(new Record<>(event.threadId(), event, context.currentSystemTimeMs()),
                SequencerTopology.EVENTS_SINK);
    }

    void reply(Reply reply) {
        if (reply.replyTo() == null) {
            return; // a notification (e.g. a webhook report): nobody waits for an answer
        }
        context.forward(new Record<>(reply.requestId(), reply, context.currentSystemTimeMs()),
                SequencerTopology.REPLIES_SINK);
    }
}
