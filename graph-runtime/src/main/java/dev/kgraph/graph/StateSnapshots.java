package dev.kgraph.graph;

import dev.kgraph.graph.internals.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link StateSnapshot}s from stored checkpoint tuples alone, without the graph (pure functions). */
public final class StateSnapshots {

    private StateSnapshots() {}

    /**
     * The snapshot of one stored checkpoint as a history item: {@code next} lists every task planned from it.
     * {@code null} gives {@link StateSnapshot#empty()}. Pending writes are shown on tasks but not applied to
     * {@code values}; {@link CompiledGraph#getState} applies them exactly (it knows the reducers).
     */
    public static StateSnapshot of(CheckpointTuple tuple) {
        return of(tuple, false);
    }

    /**
     * The snapshot of a thread's latest checkpoint ({@code GET /threads/{id}/state}): as {@link #of(CheckpointTuple)},
     * but tasks that already saved writes (finished in a step that was interrupted) are left out of {@code next}.
     */
    public static StateSnapshot ofLatest(CheckpointTuple tuple) {
        return of(tuple, true);
    }

    private static StateSnapshot of(CheckpointTuple tuple, boolean latest) {
        if (tuple == null) {
            return StateSnapshot.empty();
        }
        Checkpoint cp = tuple.checkpoint();
        List<String> next = new ArrayList<>(tuple.next().size());
        List<TaskView> tasks = new ArrayList<>(tuple.next().size());
        List<Interrupt> allInterrupts = new ArrayList<>();
        java.util.Set<String> withWrites = new java.util.HashSet<>();
        for (PendingWrite w : tuple.pendingWrites()) {
            if (latest && !Names.ERROR.equals(w.channel()) && !Names.INTERRUPT.equals(w.channel())) {
                withWrites.add(w.taskId());
            }
        }
        for (TaskPlan plan : tuple.next()) {
            if (!withWrites.contains(plan.id())) {
                next.add(plan.name());
            }
            TaskView view = taskView(plan, tuple.pendingWrites());
            allInterrupts.addAll(view.interrupts());
            tasks.add(view);
        }
        CheckpointRef ref = new CheckpointRef(tuple.threadId(), tuple.checkpointNs(), cp.id());
        CheckpointRef parent = tuple.parentCheckpointId() == null ? null
                : new CheckpointRef(tuple.threadId(), tuple.checkpointNs(), tuple.parentCheckpointId());
        return new StateSnapshot(stateValues(cp.channelValues()), next, tasks, tuple.metadata().toJson(), cp.ts(), ref,
                parent, allInterrupts);
    }

    /** Snapshots of a history list, keeping its order. */
    public static List<StateSnapshot> ofAll(List<CheckpointTuple> tuples) {
        List<StateSnapshot> out = new ArrayList<>(tuples.size());
        for (CheckpointTuple t : tuples) {
            out.add(of(t));
        }
        return out;
    }

    /** The user-visible state: channel values without the runtime's internal channels. */
    public static Map<String, Object> stateValues(Map<String, Object> channelValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : channelValues.entrySet()) {
            if (!Names.isInternal(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The task view of a planned task from the pending writes saved against its checkpoint. */
    public static TaskView taskView(TaskPlan plan, List<PendingWrite> writes) {
        Object error = null;
        List<Interrupt> interrupts = new ArrayList<>();
        Map<String, Object> result = null;
        for (PendingWrite w : writes) {
            if (!w.taskId().equals(plan.id())) {
                continue;
            }
            switch (w.channel()) {
                case Names.ERROR -> error = errorString(w.value());
                case Names.INTERRUPT -> addInterrupts(interrupts, w.value());
                default -> {
                    if (!Names.isInternal(w.channel()) && !Names.isSpecialWrite(w.channel())) {
                        if (result == null) {
                            result = new LinkedHashMap<>();
                        }
                        result.put(w.channel(), w.value());
                    }
                }
            }
        }
        return new TaskView(plan.id(), plan.name(), error, interrupts, null, result, plan.path(), null);
    }

    private static void addInterrupts(List<Interrupt> out, Object value) {
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Interrupt i) {
                    out.add(i);
                }
            }
        }
    }

    private static String errorString(Object value) {
        if (value instanceof Map<?, ?> m) {
            return "{\"message\":" + quote(String.valueOf(m.get("message"))) + ",\"name\":"
                    + quote(String.valueOf(m.get("name"))) + "}";
        }
        return String.valueOf(value);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
