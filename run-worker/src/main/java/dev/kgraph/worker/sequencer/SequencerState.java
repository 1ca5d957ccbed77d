package dev.kgraph.worker.sequencer;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.time.Timestamps;
import dev.kgraph.model.webhooks.WebhookRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the sequencer's handlers share for one partition: its stores, its outputs and the clock. Only the Streams
 * thread of the task touches it.
 *
 * <p>Thread and run entries are written behind: a decision rewrites the same entries several times (a new run on a
 * new thread touches its thread three times and its run twice), and each store write costs a JSON encoding, a RocksDB
 * put and a changelog record. Writes are therefore kept here, read back from here, and reach the stores once, when
 * {@link #flush()} runs at the end of the record or punctuation that made them (before Streams can commit).
 */
final class SequencerState {
    private final StoreSection<ThreadEntry> threads;
    /** Large thread values, stored apart from their entries: see {@link #detachValues}. */
    private final StoreSection<byte[]> threadValues;
    private final StoreSection<RunEntry> runs;
    private final Map<String, ThreadEntry> dirtyThreads = new LinkedHashMap<>();
    private final Map<String, RunEntry> dirtyRuns = new LinkedHashMap<>();
    /**
     * The entries this task used last, decoded: a run's end reads the run and the thread its creation wrote a moment
     * before, and the runs queued on a busy thread read its entry (with its whole state) again at every request. The
     * entries are immutable and only this task's thread writes the stores, so a copy here can never be stale.
     */
    private final Map<String, ThreadEntry> recentThreads = new LruMap<>(RECENT_ENTRIES);
    private final Map<String, RunEntry> recentRuns = new LruMap<>(RECENT_ENTRIES);
    /** Entries of each kind kept decoded per task: enough for the threads in flight on a partition. */
    static final int RECENT_ENTRIES = 1024;
    /** Thread values at least this large (as JSON) are stored apart from the thread's entry. */
    static final int VALUES_APART_BYTES = 1024;
    /** In {@link #valuesApart}: the thread's values are in its entry, or it has none. */
    private static final Object NOT_APART = new Object();
    /**
     * Per thread, what the values section holds for it: the values object stored there, or {@link #NOT_APART}; no key:
     * not known (the store is asked). Learnt when a thread is read from its store and kept up to date by each write.
     */
    private final Map<String, Object> valuesApart = new LruMap<>(RECENT_ENTRIES);
    /**
     * Values a run's end left on its thread that are the state of the checkpoint the run ended at, registered by
     * {@link #valuesAreStateOf} until the next {@link #flush()}, which stores the checkpoint's id in their place.
     */
    private final Map<String, StateOf> valuesStateOf = new java.util.HashMap<>();

    private record StateOf(Map<String, Object> values, String checkpointId) {
    }

    final CheckpointStore checkpoints;
    final KeyValueStore<String, String> schedule;
    final StateReader reader;
    private final ProcessorContext<String, Object> context;
    private final Clock clock;
    final RunObserver observer;
    /** Something went to another process since {@link #takeOutputsSent()} was last called. */
    private boolean outputsSent;

    SequencerState(ProcessorContext<String, Object> context, StateReader reader, Clock clock) {
        this(context, reader, clock, RunObserver.NONE);
    }

    SequencerState(ProcessorContext<String, Object> context, StateReader reader, Clock clock, RunObserver observer) {
        this.observer = observer;
        this.context = context;
        this.reader = reader;
        this.clock = clock;
        KeyValueStore<String, byte[]> threadState = context.getStateStore(SequencerStores.THREAD_STATE);
        this.threads = SequencerStores.threads(threadState);
        this.threadValues = SequencerStores.threadValues(threadState);
        this.runs = SequencerStores.runs(threadState);
        this.checkpoints = new CheckpointStore(SequencerStores.checkpoints(threadState));
        this.schedule = context.getStateStore(SequencerStores.SCHEDULE);
    }

    java.time.Instant instant() {
        return clock.instant();
    }

    /** Remembers that {@code runId} must be looked at again at {@code due}. */
    void scheduleWakeUp(java.time.Instant due, String threadId, String runId) {
        schedule.put(wakeUpKey(due, threadId, runId), threadId);
    }

    /** Remembers that {@code threadId}'s ttl must be checked at {@code due}; the thread's own expiry time decides. */
    void scheduleExpiry(java.time.Instant due, String threadId) {
        schedule.put(wakeUpKey(due, threadId, EXPIRY), EXPIRY_PREFIX + threadId);
    }

    /** {@code due/thread/what}, the due time zero-padded so keys sort by it. */
    private static String wakeUpKey(java.time.Instant due, String threadId, String what) {
        // rounded up to the next millisecond: a wake-up taken at its key's millisecond must find its subject due
        long dueMillis = due.toEpochMilli() + (due.getNano() % 1_000_000 == 0 ? 0 : 1);
        return String.format("%015d/%s/%s", dueMillis, threadId, what);
    }

    /** The due time (epoch ms) of the earliest wake-up of any kind, or {@link Long#MAX_VALUE} when none is left. */
    long nextWakeUpMillis() {
        long acknowledgement = owedAcknowledgements.isEmpty() ? Long.MAX_VALUE
                : owedAcknowledgements.values().iterator().next().dueMillis();
        try (var it = schedule.all()) {
            return Math.min(acknowledgement,
                    it.hasNext() ? Long.parseLong(it.next().key.substring(0, 15)) : Long.MAX_VALUE);
        }
    }

    /**
     * How long an accepted run's creator, which takes the run's end for its acceptance, may wait for the
     * acknowledgement: a run that ends sooner is never acknowledged (its completion answers), which saves a reply
     * record per short {@code runs/wait}; a longer one is acknowledged then, so the caller's response starts.
     */
    static final java.time.Duration ACKNOWLEDGEMENT_DELAY = java.time.Duration.ofMillis(500);

    /** Acknowledgements owed by run id, in the order they fall due (a fixed delay after each creation). */
    private final Map<String, OwedAcknowledgement> owedAcknowledgements = new LinkedHashMap<>();

    private record OwedAcknowledgement(Reply reply, long dueMillis) {
    }

    /**
     * Holds back {@code reply}, the acceptance of run {@code runId}, for {@link #ACKNOWLEDGEMENT_DELAY}: it is sent by
     * {@link #sendDueAcknowledgements()} unless the run's completion is emitted before. Kept in memory only; the run's
     * entry keeps the address too, so that {@link RunLifecycle#recover()} sends it after a crash lost this.
     */
    void oweAcknowledgement(String runId, Reply reply) {
        owedAcknowledgements.put(runId, new OwedAcknowledgement(reply,
                instant().toEpochMilli() + ACKNOWLEDGEMENT_DELAY.toMillis()));
    }

    /** As {@link #oweAcknowledgement}, unless one is owed for the run already. */
    void oweAcknowledgementIfNotOwed(String runId, Reply reply) {
        if (!owedAcknowledgements.containsKey(runId)) {
            oweAcknowledgement(runId, reply);
        }
    }

    /** Sends the held-back acknowledgements whose delay has passed (a punctuation calls this). */
    void sendDueAcknowledgements() {
        long now = instant().toEpochMilli();
        var it = owedAcknowledgements.values().iterator();
        while (it.hasNext()) {
            var owed = it.next();
            if (owed.dueMillis() > now) {
                return;
            }
            it.remove();
            reply(owed.reply());
        }
    }

    /** The value of a ttl wake-up, where a run's wake-up holds only the thread id. */
    static final String EXPIRY_PREFIX = "ttl:";
    private static final String EXPIRY = "~ttl";

    /**
     * Removes and returns every wake-up due by {@code now}, earliest first: a thread id (a run may be due), or
     * {@link #EXPIRY_PREFIX} and a thread id (its ttl may have passed).
     */
    List<String> takeDueWakeUps(java.time.Instant now) {
        var due = new ArrayList<org.apache.kafka.streams.KeyValue<String, String>>();
        try (var it = schedule.range("", String.format("%015d/\uffff", now.toEpochMilli()))) {
            it.forEachRemaining(kv -> {
                if (!kv.value.startsWith(CRON_PREFIX)) { // a cron's tick is taken by takeDueCronTicks only
                    due.add(kv);
                }
            });
        }
        due.forEach(kv -> schedule.delete(kv.key));
        return due.stream().map(kv -> kv.value).distinct().toList();
    }

    /** The value of a cron's tick wake-up (key {@code due/cron id/~cron}); its due time is the tick's time. */
    static final String CRON_PREFIX = "cron:";
    private static final String CRON_TICK = "~cron";

    /** Remembers that cron {@code cronId} has a tick at {@code due} (a whole second, as cron expressions give). */
    void scheduleCronTick(java.time.Instant due, String cronId) {
        schedule.put(wakeUpKey(due, cronId, CRON_TICK), CRON_PREFIX + cronId);
    }

    /** A cron tick taken from the schedule: the cron and the tick time its wake-up was written for. */
    record CronTick(String cronId, java.time.Instant due) {
    }

    /** Removes and returns every cron tick due by {@code now}, earliest first. */
    List<CronTick> takeDueCronTicks(java.time.Instant now) {
        var due = new ArrayList<org.apache.kafka.streams.KeyValue<String, String>>();
        try (var it = schedule.range("", String.format("%015d/\uffff", now.toEpochMilli()))) {
            it.forEachRemaining(kv -> {
                if (kv.value.startsWith(CRON_PREFIX)) {
                    due.add(kv);
                }
            });
        }
        due.forEach(kv -> schedule.delete(kv.key));
        return due.stream().map(kv -> new CronTick(kv.value.substring(CRON_PREFIX.length()),
                java.time.Instant.ofEpochMilli(Long.parseLong(kv.key.substring(0, 15))))).toList();
    }

    String now() {
        return Timestamps.format(clock.instant());
    }

    int partition() {
        return context.taskId().partition();
    }

    ThreadEntry thread(String threadId) {
        var dirty = dirtyThreads.get(threadId);
        if (dirty != null) {
            return dirty;
        }
        var recent = recentThreads.get(threadId);
        if (recent != null) {
            return recent;
        }
        var stored = attachValues(threads.get(threadId));
        if (stored != null && keepRecent) {
            recentThreads.put(threadId, stored);
        }
        return stored;
    }

    /**
     * A thread as read from its store, with its values: a large thread's values are stored apart from the entry
     * (written once per run, while the entry changes with every run queued on the thread, and a long chat's values
     * are its whole conversation).
     */
    private ThreadEntry attachValues(ThreadEntry stored) {
        if (stored == null) {
            return null;
        }
        var apart = stored.values() == null ? threadValues.get(stored.threadId()) : null;
        if (apart == null) {
            valuesApart.put(stored.threadId(), NOT_APART);
            return stored;
        }
        var attached = stored.withValues(isCheckpointId(apart)
                ? new StateOfCheckpoint(stored.threadId(), Json.read(apart, String.class)) : RawJsonMap.of(apart));
        valuesApart.put(stored.threadId(), attached.values());
        return attached;
    }

    /** Whether the values section holds a checkpoint's id (a JSON string) rather than values (a JSON object). */
    private static boolean isCheckpointId(byte[] apart) {
        return apart.length > 0 && apart[0] == '"';
    }

    /**
     * The values of a thread that are the state of its checkpoint {@code checkpointId} (root namespace). Should that
     * checkpoint be missing (a crash lost its changelog record and the replayed report of its run, which puts it
     * back, is still to come), the latest checkpoint's: what recovery settles such a thread with.
     */
    private Map<String, Object> stateOf(String threadId, String checkpointId) {
        var values = valuesAt(threadId, checkpointId);
        if (values != null) {
            return values;
        }
        org.slf4j.LoggerFactory.getLogger(SequencerState.class).warn("thread {}: its values are the state of"
                + " checkpoint {}, which is not stored; read from its latest checkpoint", threadId, checkpointId);
        var latest = latestCheckpoint(threadId);
        return latest == null ? Map.of() : reader.threadStateOf(latest).values();
    }

    /** The state values of the thread's checkpoint {@code checkpointId} (root namespace); null if it is not stored. */
    Map<String, Object> valuesAt(String threadId, String checkpointId) {
        var checkpoint = checkpoint(threadId, "", checkpointId);
        return checkpoint == null ? null : reader.threadStateOf(checkpoint).values();
    }

    /**
     * The values of a thread that are the state of its checkpoint {@code checkpointId} (root namespace), read from it
     * only when looked at: a run whose execution sent its values straight to the gateways ended there.
     */
    Map<String, Object> stateOfCheckpoint(String threadId, String checkpointId) {
        return new StateOfCheckpoint(threadId, checkpointId);
    }

    /**
     * A thread's values that are the state of one of its checkpoints, read from it when first looked at: recovery and
     * thread search go through every thread of a partition, and most never look at the values (decoding a long
     * chat's checkpoint for each would stall the partition).
     */
    private final class StateOfCheckpoint extends java.util.AbstractMap<String, Object> {
        private final String threadId;
        private final String checkpointId;
        private Map<String, Object> values;

        StateOfCheckpoint(String threadId, String checkpointId) {
            this.threadId = threadId;
            this.checkpointId = checkpointId;
        }

        Map<String, Object> read() {
            if (values == null) {
                values = stateOf(threadId, checkpointId);
            }
            return values;
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return read().entrySet();
        }

        @Override
        public Object get(Object key) {
            return read().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return read().containsKey(key);
        }

        @Override
        public Object put(String key, Object value) {
            return read().put(key, value);
        }

        @Override
        public Object remove(Object key) {
            return read().remove(key);
        }
    }

    /**
     * The values a run's end gives its thread are the state of {@code checkpointId}, the checkpoint it ended at: the
     * values section then holds that id instead of the values (large ones only; small ones stay in the entry). On a
     * long chat the values are the whole conversation, which the checkpoints changelog already holds (as appended
     * entries): written a second time, they were a third of what a run sent through Kafka.
     */
    void valuesAreStateOf(String threadId, Map<String, Object> values, String checkpointId) {
        if (values instanceof StateOfCheckpoint || values instanceof RawJsonMap raw
                && raw.undecodedJson() instanceof byte[] json && json.length >= VALUES_APART_BYTES) {
            valuesStateOf.put(threadId, new StateOf(values, checkpointId));
        }
    }

    /**
     * The entry to store for {@code thread}: without its values when they are (or go now) to the values section, which
     * is written only when they changed; values kept in the entry (small, or decoded by someone) leave nothing stale
     * in the values section.
     */
    private ThreadEntry detachValues(ThreadEntry thread) {
        var threadId = thread.threadId();
        var values = thread.values();
        var apart = valuesApart.get(threadId);
        if (values != null && values == apart) {
            return thread.withValues(null);
        }
        var stateOf = valuesStateOf.get(threadId);
        if (stateOf != null && stateOf.values() == values) {
            threadValues.put(threadId, Json.write(stateOf.checkpointId()));
            valuesApart.put(threadId, values);
            return thread.withValues(null);
        }
        if (values instanceof RawJsonMap raw && raw.undecodedJson() instanceof byte[] json
                && json.length >= VALUES_APART_BYTES) {
            threadValues.put(threadId, json);
            valuesApart.put(threadId, values);
            return thread.withValues(null);
        }
        if (apart != NOT_APART && (apart != null || threadValues.get(threadId) != null)) {
            threadValues.delete(threadId);
        }
        valuesApart.put(threadId, NOT_APART);
        return thread;
    }

    /** Every thread of this partition. */
    List<ThreadEntry> allThreads() {
        flush();
        var all = new ArrayList<ThreadEntry>();
        try (var it = threads.all()) {
            it.forEachRemaining(kv -> all.add(attachValues(kv.value)));
        }
        return all;
    }

    /** Visits every thread of this partition without loading them all at once. */
    void forEachThread(java.util.function.Consumer<ThreadEntry> action) {
        flush();
        try (var it = threads.all()) {
            it.forEachRemaining(kv -> action.accept(attachValues(kv.value)));
        }
    }

    RunEntry run(String threadId, String runId) {
        var key = StoreKeys.run(threadId, runId);
        var dirty = dirtyRuns.get(key);
        if (dirty != null) {
            return dirty;
        }
        var recent = recentRuns.get(key);
        if (recent != null) {
            return recent;
        }
        var stored = runs.get(key);
        if (stored != null && keepRecent) {
            recentRuns.put(key, stored);
        }
        return stored;
    }

    void put(RunEntry entry) {
        dirtyRuns.put(StoreKeys.run(entry.run().threadId(), entry.run().runId()), entry);
    }

    void deleteRun(String threadId, String runId) {
        var key = StoreKeys.run(threadId, runId);
        dirtyRuns.remove(key);
        recentRuns.remove(key);
        runs.delete(key);
    }

    void put(ThreadEntry thread) {
        dirtyThreads.put(thread.threadId(), thread);
    }

    /** Whether decoded copies are kept: only once recovery has run (see {@link #keepRecentFromNowOn()}). */
    private boolean keepRecent;

    /**
     * Starts keeping decoded copies of the entries (called when recovery runs). Until then the stores, as a crash may
     * have left them, are the only truth: recovery must judge what they hold, and so must the requests and reports
     * decided before it.
     */
    void keepRecentFromNowOn() {
        recentThreads.clear();
        recentRuns.clear();
        keepRecent = true;
    }

    /** Writes the entries changed since the last flush to the stores (and so to their changelogs), once each. */
    void flush() {
        if (observer != RunObserver.NONE) {
            int partition = partition();
            dirtyThreads.values().forEach(t -> observer.queued(partition, t.threadId(), t.queue().size()));
        }
        dirtyThreads.forEach((threadId, thread) -> threads.put(threadId, detachValues(thread)));
        valuesStateOf.clear();
        dirtyRuns.forEach(runs::put);
        if (keepRecent) {
            recentThreads.putAll(dirtyThreads);
            recentRuns.putAll(dirtyRuns);
        }
        dirtyThreads.clear();
        dirtyRuns.clear();
    }

    /** The thread's runs, newest first. */
    List<RunEntry> runsOf(String threadId) {
        flush();
        var found = new ArrayList<RunEntry>();
        try (var it = runs.reverseRange(StoreKeys.runsFrom(threadId), StoreKeys.runsTo(threadId))) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    /** Runs of every thread of this partition that satisfy {@code filter}. */
    List<RunEntry> runsWhere(Predicate<RunEntry> filter) {
        flush();
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

    /** The thread's latest checkpoint (root namespace), whole; null if it has none. */
    byte[] latestCheckpoint(String threadId) {
        var latest = checkpoints.latestRoot(threadId);
        return latest == null ? null : whole(latest.value);
    }

    /**
     * The id of the thread's latest checkpoint (root namespace) when run {@code runId} wrote it: one of
     * {@code reported} (the checkpoints its end brought), or its metadata says so. Null otherwise (a run that saved
     * none leaves the previous run's latest).
     */
    String latestCheckpointIdOf(String threadId, String runId, java.util.Set<String> reported) {
        var latest = checkpoints.latestRoot(threadId);
        if (latest == null) {
            return null;
        }
        return reported.contains(latest.key) || runId.equals(reader.runIdOf(latest.value)) ? latest.key : null;
    }

    /** A checkpoint, whole; null if it is not stored. */
    byte[] checkpoint(String threadId, String checkpointNs, String checkpointId) {
        var stored = checkpoints.get(StoreKeys.checkpoint(threadId, checkpointNs, checkpointId));
        return stored == null ? null : whole(stored);
    }

    /** Whether a checkpoint is stored (its bytes as stored: nothing is decoded). */
    boolean hasCheckpoint(String threadId, String checkpointNs, String checkpointId) {
        return checkpoints.get(StoreKeys.checkpoint(threadId, checkpointNs, checkpointId)) != null;
    }

    /** A stored record as a whole checkpoint: a growing list may be stored as what was appended to a base's. */
    byte[] whole(byte[] stored) {
        return reader.whole(stored, (threadId, checkpointNs, checkpointId) ->
                checkpoints.get(StoreKeys.checkpoint(threadId, checkpointNs, checkpointId)));
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

    /**
     * Deletes every checkpoint of the thread but the latest of each namespace (keys sort by checkpoint id, which grows
     * with time within a namespace); returns how many went. The kept one's parent may be among them, as when
     * LangGraph's checkpointers prune. A kept checkpoint stored as a delta is stored whole; while a run executes on
     * the thread, the checkpoints it continues are kept too (the run's own checkpoints continue them).
     */
    int pruneCheckpointsKeepingLatest(String threadId, boolean runExecuting) {
        var latestByNamespace = new java.util.HashMap<String, String>();
        var all = new ArrayList<String>();
        var prefix = StoreKeys.runsFrom(threadId);
        try (var it = checkpoints.range(prefix, StoreKeys.threadTo(threadId))) {
            it.forEachRemaining(kv -> {
                all.add(kv.key);
                var rest = kv.key.substring(prefix.length());
                latestByNamespace.put(rest.substring(0, Math.max(0, rest.lastIndexOf('/'))), kv.key);
            });
        }
        var kept = new java.util.HashSet<>(latestByNamespace.values());
        latestByNamespace.forEach((namespace, key) -> {
            var stored = checkpoints.get(key);
            var bases = reader.basesOf(stored);
            if (!bases.isEmpty()) {
                if (runExecuting) {
                    bases.forEach(id -> kept.add(StoreKeys.checkpoint(threadId, namespace, id)));
                }
                checkpoints.put(key, whole(stored));
            }
        });
        var doomed = all.stream().filter(key -> !kept.contains(key)).toList();
        storeValuesWhole(threadId, new java.util.HashSet<>(doomed));
        doomed.forEach(checkpoints::delete);
        return doomed.size();
    }

    /**
     * Before checkpoints are deleted: thread values stored as the state of one of them are stored whole (a prune
     * while a later run has saved checkpoints can delete the one a finished run's values point at).
     */
    private void storeValuesWhole(String threadId, java.util.Set<String> doomedKeys) {
        var pending = valuesStateOf.get(threadId);
        if (pending != null && doomedKeys.contains(StoreKeys.checkpoint(threadId, "", pending.checkpointId()))) {
            valuesStateOf.remove(threadId); // the flush then stores the values themselves
        }
        // values read lazily from a doomed checkpoint are read now, while it is there
        for (var held : new Object[] {valuesApart.get(threadId), valuesOf(dirtyThreads.get(threadId)),
                valuesOf(recentThreads.get(threadId))}) {
            if (held instanceof StateOfCheckpoint lazy
                    && doomedKeys.contains(StoreKeys.checkpoint(threadId, "", lazy.checkpointId))) {
                lazy.read();
            }
        }
        var stored = threadValues.get(threadId);
        if (stored != null && isCheckpointId(stored)) {
            var checkpointId = Json.read(stored, String.class);
            if (doomedKeys.contains(StoreKeys.checkpoint(threadId, "", checkpointId))) {
                threadValues.put(threadId, Json.write(stateOf(threadId, checkpointId)));
            }
        }
    }

    private static Map<String, Object> valuesOf(ThreadEntry thread) {
        return thread == null ? null : thread.values();
    }

    /** Deletes everything stored for a thread: the thread, its runs, its checkpoints. */
    void deleteThread(String threadId) {
        dirtyThreads.remove(threadId);
        recentThreads.remove(threadId);
        dirtyRuns.values().removeIf(entry -> entry.run().threadId().equals(threadId));
        recentRuns.values().removeIf(entry -> entry.run().threadId().equals(threadId));
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
        if (valuesApart.remove(threadId) != NOT_APART) {
            threadValues.delete(threadId);
        }
        observer.queued(partition(), threadId, 0);
    }

    /** Publishes a run event, with headers that let readers skip it undecoded ({@code RunEventHeaders}). */
    void emit(RunEvent event) {
        if (event instanceof RunEvent.RunCompleted completed) {
            owedAcknowledgements.remove(completed.run().runId()); // the completion answers the creator
        }
        outputsSent = true;
        context.forward(new Record<>(event.threadId(), (Object) event, context.currentSystemTimeMs(),
                dev.kgraph.model.events.RunEventHeaders.of(event)), SequencerTopology.EVENTS_SINK);
    }

    /**
     * Writes a thread event ({@code event}, no run) to the thread's partition of {@code kgraph.stream}, for the thread
     * stream. It is part of the same transaction as the decision that caused it (exactly-once), so a gateway, which
     * reads the stream {@code read_committed}, sees it only once that decision is durable.
     */
    void publishThreadEvent(String threadId, String event, Object data) {
        var headers = new RecordHeaders();
        headers.add(StreamRecords.EVENT, StreamRecords.utf8(event));
        outputsSent = true;
        context.forward(new Record<String, Object>(threadId, Json.write(data), context.currentSystemTimeMs(), headers),
                SequencerTopology.STREAM_SINK);
    }

    /**
     * Queues a run's webhook delivery on {@code kgraph.webhooks}, in the decision that ended the run: under
     * exactly-once it is queued exactly when the run's end is recorded, and no gateway has to read every completion
     * to find the few with a webhook.
     */
    void enqueueWebhook(WebhookRequest request) {
        outputsSent = true;
        context.forward(new Record<>(request.threadId(), (Object) request, context.currentSystemTimeMs()),
                SequencerTopology.WEBHOOKS_SINK);
    }

    /** Sends a request to another thread's writer (which may be this one): it is decided there, in order. */
    void send(ThreadRequest request) {
        outputsSent = true;
        context.forward(new Record<>(request.threadId(), request, context.currentSystemTimeMs()),
                SequencerTopology.REQUESTS_SINK);
    }

    /** Every checkpoint of a thread (all namespaces), whole, by store key, in key order. */
    void forEachCheckpoint(String threadId, java.util.function.BiConsumer<String, byte[]> action) {
        try (var it = checkpoints.range(StoreKeys.runsFrom(threadId), StoreKeys.threadTo(threadId))) {
            it.forEachRemaining(kv -> action.accept(kv.key, whole(kv.value)));
        }
    }

    /** Tells the gateways about an assistant's new head ({@code kgraph.assistants}, a compacted topic). */
    void publishAssistant(String assistantId, dev.kgraph.model.assistants.AssistantRecord record) {
        outputsSent = true;
        context.forward(new Record<>(assistantId, (Object) record, context.currentSystemTimeMs()),
                SequencerTopology.ASSISTANTS_SINK);
    }

    /**
     * Whether anything went to another process (a reply, an event, a stream record, a webhook, a request, an
     * assistant) since the last call, which clears it. Under exactly-once only those wait for the decision's commit.
     */
    boolean takeOutputsSent() {
        var sent = outputsSent;
        outputsSent = false;
        return sent;
    }

    void reply(Reply reply) {
        if (reply == null || reply.replyTo() == null) {
            return; // a notification (e.g. a webhook report): nobody waits for an answer
        }
        outputsSent = true;
        context.forward(new Record<>(reply.requestId(), fitted(reply), context.currentSystemTimeMs()),
                SequencerTopology.REPLIES_SINK);
    }

    /** Room left in a reply record for its envelope (ids, topic name, outcome) around the body. */
    private static final int REPLY_ENVELOPE_BYTES = 4096;

    /**
     * The reply with its body encoded once, here, so that its size is known: a body too large for a record (the
     * history of a thread with a large state, say) becomes a 422 that says so. Sent as it was, Kafka would refuse the
     * record, and Kafka Streams would stop the writer on it, again at every restart.
     */
    private static Reply fitted(Reply reply) {
        if (reply.body() == null) {
            return reply;
        }
        var body = Json.write(reply.body());
        if (body.length > dev.kgraph.model.topics.ProducerDefaults.MAX_RECORD_BYTES - REPLY_ENVELOPE_BYTES) {
            return Reply.failed(reply.requestId(), reply.replyTo(), Reply.Outcome.UNPROCESSABLE, "The answer would be "
                    + body.length + " bytes, more than the " + dev.kgraph.model.topics.ProducerDefaults.MAX_RECORD_BYTES
                    + " a Kafka record takes here: ask for less (a smaller limit, fewer fields)");
        }
        return new Reply(reply.requestId(), reply.replyTo(), reply.outcome(), reply.detail(),
                dev.kgraph.model.json.RawJson.of(body));
    }
}
