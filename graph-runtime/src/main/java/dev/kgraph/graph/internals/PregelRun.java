package dev.kgraph.graph.internals;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.Checkpoint;
import dev.kgraph.graph.CheckpointEvent;
import dev.kgraph.graph.CheckpointMetadata;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.Command;
import dev.kgraph.graph.EmptyInputError;
import dev.kgraph.graph.ErrorInfo;
import dev.kgraph.graph.GraphValueError;
import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.PendingWrite;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.RunResult;
import dev.kgraph.graph.StreamEvent;
import dev.kgraph.graph.StreamListener;
import dev.kgraph.graph.TaskPlan;
import dev.kgraph.graph.TaskFinishedEvent;
import dev.kgraph.graph.UpdatesEvent;
import dev.kgraph.graph.ValuesEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a graph on one thread: loads the checkpoint, maps the input (new input, resume, Command, replay/fork),
 * then runs supersteps until nothing is triggered, an interrupt, an error, the recursion limit or cancellation.
 * Single-use and confined to the calling thread (nodes run on virtual threads it joins).
 */
public final class PregelRun {
    final GraphSpec graph;
    final RunConfig config;
    final CheckpointSaver saver;
    final StreamListener listener;
    final CancellationToken cancel;
    final List<String> namespace;
    private final Map<String, String> parents;
    private final String threadId;
    private final String ns;

    private Map<String, Chan> channels;
    private Map<String, Object> versions;
    private Map<String, Map<String, Object>> seen;
    private String checkpointId;
    private String loadedId;
    private CheckpointMetadata meta;
    private List<PendingWrite> pendingWrites = new ArrayList<>();
    private int step;
    private int stop;
    private List<Task> tasks;
    private boolean skipDoneTasks = true;
    private boolean addressed;
    private boolean superseded;
    private CheckpointTuple lastTuple;
    /** The checkpoint whose stream event was sent last ({@link #emitCheckpoint}). */
    private String emittedCheckpointId;
    private final AtomicReference<Object> nullResume = new AtomicReference<>(Chan.EMPTY);
    Map<?, ?> resumeMap;
    private Map<String, Object> lastValues = Map.of();
    private final CheckpointWriter writer;
    private final Map<String, Object> runMetadata;

    public PregelRun(GraphSpec graph, RunConfig config, CheckpointSaver saver, StreamListener listener,
                     CancellationToken cancel, List<String> namespace, Map<String, String> parents) {
        this.graph = graph;
        this.config = config;
        this.threadId = config.threadId();
        this.saver = threadId == null ? null : saver;
        this.listener = listener == null ? StreamListener.NONE : listener;
        this.cancel = cancel == null ? CancellationToken.NONE : cancel;
        this.namespace = List.copyOf(namespace);
        this.parents = parents;
        this.ns = config.checkpointNs();
        this.writer = new CheckpointWriter(this.saver, threadId, ns, config.durability());
        this.runMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(config.metadata()));
    }

    public RunResult run(Object input) {
        RunResult result;
        try {
            load();
            result = first(input);
            if (result == null) {
                result = loop();
            }
        } catch (RuntimeException e) {
            result = finished(RunResult.Status.ERROR, List.of(), errorInfo(e));
        }
        return flush(result);
    }

    /**
     * Continues an execution that stopped abruptly (its process died) from the latest checkpoint of the thread, as
     * if the loop had never been interrupted: no input is applied and no resume is recorded, so a static breakpoint
     * the loop had already reached there stops the run again instead of being passed, and tasks that saved writes in
     * the interrupted step are not executed twice.
     */
    public RunResult continueAfterCrash() {
        RunResult result;
        try {
            load();
            if (loadedId == null) {
                throw new EmptyInputError("No checkpoint to continue from");
            }
            skipDoneTasks = true;
            lastValues = graph.readState(channels);
            result = breakpointAfterLoadedStep() ? finished(RunResult.Status.INTERRUPTED, List.of(), null) : loop();
        } catch (RuntimeException e) {
            result = finished(RunResult.Status.ERROR, List.of(), errorInfo(e));
        }
        return flush(result);
    }

    /** Whether the loop stopped right after saving the loaded checkpoint because of an {@code interruptAfter} node. */
    private boolean breakpointAfterLoadedStep() {
        if (meta == null || !"loop".equals(meta.source()) || meta.writes() == null) {
            return false;
        }
        return TaskPlanner.shouldInterruptAfter(versions, seen, config.interruptAfter(), meta.writes().keySet());
    }

    // ------------------------------------------------------------------ setup

    private void load() {
        Optional<CheckpointTuple> saved = saver == null ? Optional.empty()
                : saver.get(threadId, ns, config.checkpointId());
        if (saved.isPresent()) {
            CheckpointTuple t = saved.get();
            addressed = config.checkpointId() != null;
            if (addressed) {
                Optional<CheckpointTuple> latest = saver.get(threadId, ns, null);
                superseded = latest.isPresent() && !latest.get().checkpointId().equals(t.checkpointId());
            }
            Checkpoint cp = t.checkpoint();
            channels = graph.channels(cp.channelValues());
            versions = new LinkedHashMap<>(cp.channelVersions());
            seen = new LinkedHashMap<>(cp.versionsSeen());
            checkpointId = cp.id();
            loadedId = cp.id();
            meta = t.metadata();
            pendingWrites = new ArrayList<>(t.pendingWrites());
            lastTuple = t;
            step = meta.step() + 1;
        } else {
            channels = graph.channels(null);
            versions = new LinkedHashMap<>();
            seen = new LinkedHashMap<>();
            step = -1;
        }
        stop = step + config.recursionLimit() + 1;
    }

    /**
     * Maps the run input onto the loaded checkpoint as LangGraph's loop does on its first tick: a Command's writes
     * are saved against the checkpoint and applied; null input or a resume continues the planned tasks (skipping
     * those that already saved writes); addressing an older checkpoint replays it through a "fork" checkpoint; a
     * map input drops pending tasks and writes an "input" checkpoint with the input in {@code __start__}.
     */
    private RunResult first(Object input) {
        Command cmd = input instanceof Command c ? c : null;
        boolean hasVersions = !versions.isEmpty();
        boolean isResuming = hasVersions && (input == null || (cmd != null && cmd.resume() != null));
        boolean isUpdateOrFork = meta != null && ("update".equals(meta.source()) || "fork".equals(meta.source()));
        boolean resumeAtHead = addressed && !superseded && !isUpdateOrFork;
        boolean timeTravel = addressed && !((cmd != null && cmd.resume() != null) || resumeAtHead);
        skipDoneTasks = !(timeTravel || superseded);
        boolean forks = timeTravel && (cmd != null || isResuming) && (!isUpdateOrFork || superseded);
        List<Write> carried = new ArrayList<>();
        if (cmd != null) {
            if (cmd.resume() instanceof Map<?, ?> m && !m.isEmpty() && m.keySet().stream().allMatch(LangGraphIds::isInterruptId)) {
                resumeMap = m;
            }
            if (cmd.resume() != null && saver == null) {
                throw new GraphValueError("Cannot use Command(resume=...) without checkpointer");
            }
            List<PendingWrite> ws = CommandWrites.of(graph, cmd, resumeMap);
            if (ws.isEmpty()) {
                throw new EmptyInputError("Received empty Command input");
            }
            if (forks) {
                for (PendingWrite w : ws) {
                    carried.add(new Write(w.channel(), w.value()));
                }
            } else {
                addPendingWrites(ws);
                if (checkpointId != null) {
                    saveWrites(checkpointId, ws);
                }
            }
        }
        List<Write> nullWrites = new ArrayList<>();
        for (PendingWrite w : pendingWrites) {
            if (PendingWrite.NULL_TASK_ID.equals(w.taskId())) {
                nullWrites.add(new Write(w.channel(), w.value()));
            }
        }
        nullWrites.addAll(carried);
        if (!nullWrites.isEmpty()) {
            WriteApplier.apply(channels, versions, seen, List.of(), nullWrites);
        }
        boolean commandUpdateOrGoto = cmd != null && !nullWrites.isEmpty();
        if (timeTravel) {
            pendingWrites.removeIf(w -> Names.RESUME.equals(w.channel()));
        }
        for (PendingWrite w : pendingWrites) {
            if (PendingWrite.NULL_TASK_ID.equals(w.taskId()) && Names.RESUME.equals(w.channel())) {
                nullResume.set(w.value());
                break;
            }
        }
        if (isResuming || commandUpdateOrGoto) {
            seen.put(Names.INTERRUPT, new LinkedHashMap<>(versions));
            if (forks) {
                pendingWrites.removeIf(w -> Names.INTERRUPT.equals(w.channel()));
                putCheckpoint("fork", null);
            }
            emitValues();
            if (!isResuming) {
                putCheckpoint("input", null);
            }
            return null;
        }
        if (input == null) {
            throw new EmptyInputError("Received no input writes for \"" + Names.START + "\"");
        }
        List<Task> discard = planCurrent();
        WriteApplier.apply(channels, versions, seen, discard, List.of(new Write(Names.START, input)));
        Map<String, Object> writes = new LinkedHashMap<>();
        writes.put(Names.START, input);
        putCheckpoint("input", writes);
        return null;
    }

    // ------------------------------------------------------------------ loop

    /** Supersteps until the run stops; returns how it stopped. */
    private RunResult loop() {
        while (true) {
            if (cancel.isCancelled()) {
                return finished(RunResult.Status.CANCELLED, List.of(), null);
            }
            if (step > stop) {
                return finished(RunResult.Status.ERROR, List.of(), new ErrorInfo("GraphRecursionError",
                        "Recursion limit of " + config.recursionLimit() + " reached without hitting a stop condition."
                                + " You can increase the limit by setting the \"recursionLimit\" config key.\n\n"
                                + "Troubleshooting URL: https://docs.langchain.com/oss/javascript/langgraph/GRAPH_RECURSION_LIMIT/\n"));
            }
            if (tasks == null) {
                tasks = planCurrent();
            }
            emitCheckpoint();
            if (tasks.isEmpty()) {
                return finished(RunResult.Status.DONE, List.of(), null);
            }
            if (skipDoneTasks && !pendingWrites.isEmpty()) {
                reapplyPendingWrites();
            }
            List<Task> toRun = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                if (!t.reapplied) {
                    toRun.add(t);
                }
            }
            if (!toRun.isEmpty() && TaskPlanner.shouldInterrupt(versions, seen, config.interruptBefore(), tasks)) {
                return finished(RunResult.Status.INTERRUPTED, List.of(), null);
            }
            TaskExecutor.execute(this, toRun);
            if (cancel.isCancelled() || toRun.stream().anyMatch(t -> t.cancelled)) {
                return finished(RunResult.Status.CANCELLED, List.of(), null);
            }
            RunResult stopped = recordOutcomes(toRun);
            if (stopped != null) {
                return stopped;
            }
            List<Task> ran = tasks;
            WriteApplier.apply(channels, versions, seen, ran, null);
            List<Write> all = new ArrayList<>();
            for (Task t : ran) {
                all.addAll(t.writes);
            }
            emitValuesIfWritten(all); // the step's values come before its checkpoint, as in LangGraph's after_tick
            putCheckpoint("loop", stepWrites(ran));
            if (TaskPlanner.shouldInterrupt(versions, seen, config.interruptAfter(), ran)) {
                return finished(RunResult.Status.INTERRUPTED, List.of(), null);
            }
        }
    }

    private void reapplyPendingWrites() {
        for (Task t : tasks) {
            boolean found = false;
            for (PendingWrite w : pendingWrites) {
                if (!w.taskId().equals(t.id)) {
                    continue;
                }
                String ch = w.channel();
                if (Names.ERROR.equals(ch) || Names.INTERRUPT.equals(ch) || Names.RESUME.equals(ch)) {
                    continue;
                }
                found = true;
                if (!Names.NO_WRITES.equals(ch)) {
                    t.writes.add(new Write(ch, w.value()));
                }
            }
            if (found) {
                t.reapplied = true;
                t.update = t.updateMap();
                if (!t.node.hidden()) {
                    emit(new UpdatesEvent(namespace, t.name, t.update));
                }
            }
        }
    }

    /** Saves each executed task's outcome as pending writes; returns the run result when the step cannot commit. */
    private RunResult recordOutcomes(List<Task> ran) {
        Task failed = null;
        List<Interrupt> interrupts = new ArrayList<>();
        boolean interrupted = false;
        for (Task t : ran) {
            List<PendingWrite> pw = new ArrayList<>();
            if (t.error != null) {
                for (Write w : t.writes) {
                    pw.add(new PendingWrite(t.id, w.channel(), w.value()));
                }
                Map<String, Object> err = new LinkedHashMap<>();
                ErrorInfo info = errorInfo(t.error);
                err.put("message", info.message());
                err.put("name", info.type());
                pw.add(new PendingWrite(t.id, Names.ERROR, err));
                if (failed == null) {
                    failed = t;
                }
            } else if (t.interrupts != null) {
                interrupted = true;
                interrupts.addAll(t.interrupts);
                pw.add(new PendingWrite(t.id, Names.INTERRUPT, t.interrupts));
                if (t.resumeWrite != null) {
                    pw.add(new PendingWrite(t.id, Names.RESUME, t.resumeWrite));
                }
            } else {
                for (Write w : t.writes) {
                    pw.add(new PendingWrite(t.id, w.channel(), w.value()));
                }
                if (t.resumeWrite != null) {
                    pw.add(new PendingWrite(t.id, Names.RESUME, t.resumeWrite));
                }
                if (pw.isEmpty()) {
                    pw.add(new PendingWrite(t.id, Names.NO_WRITES, null));
                }
            }
            addPendingWrites(pw);
            saveWrites(checkpointId, pw);
            emitTaskFinished(t);
        }
        if (failed != null) {
            return finished(RunResult.Status.ERROR, List.of(), errorInfo(failed.error));
        }
        if (interrupted) {
            List<Write> partial = new ArrayList<>();
            for (Task t : tasks) {
                if (t.succeeded()) {
                    partial.addAll(t.writes);
                }
            }
            if (!partial.isEmpty()) {
                WriteApplier.apply(channels, new LinkedHashMap<>(versions), new LinkedHashMap<>(seen), tasks, null);
                emitValuesIfWritten(partial);
            }
            return finished(RunResult.Status.INTERRUPTED, interrupts, null);
        }
        return null;
    }

    /**
     * A finished task's stream events in LangGraph's order (its loop's output of a task's writes): first what it wrote
     * ({@code updates}, or the {@code __interrupt__} update of an interrupted task), then its {@code tasks} result.
     */
    private void emitTaskFinished(Task t) {
        if (!listener.active()) {
            return;
        }
        if (t.interrupts != null && !t.interrupts.isEmpty()) {
            emit(new UpdatesEvent(namespace, Names.INTERRUPT, t.interrupts));
        } else if (t.succeeded() && !t.node.hidden()) {
            emit(new UpdatesEvent(namespace, t.name, t.update));
        }
        ErrorInfo err = t.error == null ? null : errorInfo(t.error);
        emit(new TaskFinishedEvent(namespace, t.step, t.id, t.name,
                t.succeeded() ? t.update : null, err, t.interrupts == null ? List.of() : t.interrupts));
    }

    /**
     * The current checkpoint's stream event, once per checkpoint, when a superstep is about to start from it (after its
     * tasks are planned), as LangGraph's tick does: so a run resumed from a stored checkpoint shows it again, and a
     * step's values come before the checkpoint that stores them.
     */
    private void emitCheckpoint() {
        if (lastTuple == null || checkpointId == null || checkpointId.equals(emittedCheckpointId)) {
            return;
        }
        emittedCheckpointId = checkpointId;
        if (listener.active()) {
            emit(new CheckpointEvent(namespace, lastTuple.withPendingWrites(List.copyOf(pendingWrites))));
        }
    }

    private Map<String, Object> stepWrites(List<Task> ran) {
        Map<String, Object> out = null;
        for (Task t : ran) {
            if (t.node.hidden()) {
                continue;
            }
            if (out == null) {
                out = new LinkedHashMap<>();
            }
            out.put(t.name, t.update);
        }
        return out;
    }

    // ------------------------------------------------------------------ checkpoints

    List<Task> planCurrent() {
        if (checkpointId == null) {
            return List.of();
        }
        return TaskPlanner.plan(graph, channels, versions, seen, checkpointId, step, ns, graph.readState(channels));
    }

    private void putCheckpoint(String source, Map<String, Object> writes) {
        String parent = checkpointId;
        String id = LangGraphIds.checkpointId(step);
        Checkpoint cp = new Checkpoint(Checkpoint.VERSION, id, LangGraphIds.nowIso(), GraphSpec.checkpointValues(channels),
                new LinkedHashMap<>(versions), new LinkedHashMap<>(seen));
        meta = new CheckpointMetadata(source, step, writes, parents, runMetadata);
        checkpointId = id;
        step++;
        pendingWrites = new ArrayList<>();
        tasks = planCurrent();
        List<TaskPlan> plans = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            plans.add(new TaskPlan(t.id, t.name, t.path));
        }
        CheckpointTuple tuple = new CheckpointTuple(threadId, ns, cp, meta, parent, List.of(), plans);
        lastTuple = tuple;
        writer.put(tuple);
    }

    private void saveWrites(String cpId, List<PendingWrite> writes) {
        writer.putWrites(cpId, writes);
    }

    private RunResult flush(RunResult result) {
        try {
            writer.flush(loadedId);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new RunResult(RunResult.Status.ERROR, result.values(), result.interrupts(),
                    new ErrorInfo("CheckpointSaveError", String.valueOf(cause.getMessage())), result.next(),
                    result.lastCheckpoint());
        }
        return result;
    }

    private RunResult finished(RunResult.Status status, List<Interrupt> interrupts, ErrorInfo error) {
        List<String> next = new ArrayList<>();
        if (status != RunResult.Status.DONE && tasks != null) {
            Set<String> withWrites = new HashSet<>();
            for (PendingWrite w : pendingWrites) {
                if (!Names.ERROR.equals(w.channel()) && !Names.INTERRUPT.equals(w.channel())) {
                    withWrites.add(w.taskId());
                }
            }
            for (Task t : tasks) {
                if (!withWrites.contains(t.id)) {
                    next.add(t.name);
                }
            }
        }
        boolean output = status == RunResult.Status.DONE || status == RunResult.Status.INTERRUPTED;
        CheckpointTuple last = lastTuple == null ? null : lastTuple.withPendingWrites(List.copyOf(pendingWrites));
        return new RunResult(status, output ? lastValues : graph.readState(channels), interrupts, error, next, last);
    }

    // ------------------------------------------------------------------ helpers

    /** Adds writes as the saver stores them: a special-channel write replaces the same task's earlier one. */
    private void addPendingWrites(List<PendingWrite> ws) {
        for (PendingWrite w : ws) {
            if (Names.isSpecialWrite(w.channel())) {
                pendingWrites.removeIf(o -> o.taskId().equals(w.taskId()) && o.channel().equals(w.channel()));
            }
            pendingWrites.add(w);
        }
    }

    Object takeNullResume() {
        return nullResume.getAndSet(Chan.EMPTY);
    }

    List<Object> resumeValuesFor(Task t) {
        List<Object> resume = new ArrayList<>();
        for (PendingWrite w : pendingWrites) {
            if (w.taskId().equals(t.id) && Names.RESUME.equals(w.channel())) {
                if (w.value() instanceof List<?> l) {
                    resume.clear();
                    resume.addAll(l);
                } else {
                    resume.add(w.value());
                }
            }
        }
        if (resumeMap == null && hasPendingInterrupt(t)) {
            Object single = takeNullResume();
            if (single != Chan.EMPTY) {
                resume.add(single);
            }
        }
        if (resumeMap != null) {
            String nextId = LangGraphIds.interruptId(t.checkpointNs, resume.size());
            String firstId = LangGraphIds.interruptId(t.checkpointNs, 0);
            if (resumeMap.containsKey(nextId)) {
                resume.add(resumeMap.get(nextId));
            } else if (resumeMap.containsKey(firstId)) {
                resume.add(resumeMap.get(firstId));
            }
        }
        return resume;
    }

    /**
     * Whether the task was interrupted earlier at this checkpoint: a single resume value goes to the first such task
     * (in task order), so which of several parallel interrupts it answers is deterministic.
     */
    private boolean hasPendingInterrupt(Task t) {
        for (PendingWrite w : pendingWrites) {
            if (w.taskId().equals(t.id) && Names.INTERRUPT.equals(w.channel())) {
                return true;
            }
        }
        return false;
    }

    Map<String, Object> stepState() {
        return graph.readState(channels);
    }

    String threadId() {
        return threadId;
    }

    String checkpointId() {
        return checkpointId;
    }

    Map<String, String> parents() {
        return parents;
    }

    void emitValues() {
        lastValues = graph.readState(channels);
        if (listener.active()) {
            emit(new ValuesEvent(namespace, lastValues));
        }
    }

    private void emitValuesIfWritten(List<Write> writes) {
        for (Write w : writes) {
            if (graph.stateChannels.containsKey(w.channel())) {
                emitValues();
                return;
            }
        }
    }

    void emit(StreamEvent event) {
        try {
            listener.onEvent(event);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable ignored) {
            // a listener must never break the run
        }
    }

    static ErrorInfo errorInfo(Throwable t) {
        if (t instanceof NodeFailure f) {
            return new ErrorInfo(f.type(), f.getMessage());
        }
        return ErrorInfo.of(t);
    }
}
