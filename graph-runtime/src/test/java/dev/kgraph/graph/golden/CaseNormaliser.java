package dev.kgraph.graph.golden;

import dev.kgraph.graph.CheckpointRef;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.ErrorInfo;
import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.StateSnapshot;
import dev.kgraph.graph.TaskView;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the runtime's results into the shapes of the golden files, replacing ids the same way
 * {@code golden/generate.mjs} does: interrupt ids become {@code interrupt-N} in order of first appearance in the case,
 * checkpoint ids become their index in the thread's checkpoint list sorted by id (oldest first). Because both sides
 * label in the same order, equal behaviour gives equal labels; a label that differs points at the first divergence.
 */
public final class CaseNormaliser {

    /** The one language-level translation: a plain Java exception stands for JS's plain {@code Error}. */
    static final Map<String, String> JAVA_TO_JS_ERROR_TYPES = Map.of("RuntimeException", "Error");

    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CheckpointSaver saver;
    private final Map<String, String> interruptLabels = new LinkedHashMap<>();

    CaseNormaliser(CheckpointSaver saver) {
        this.saver = saver;
    }

    public String interruptLabel(String id) {
        if (id == null) {
            return null;
        }
        return interruptLabels.computeIfAbsent(id, k -> "interrupt-" + interruptLabels.size());
    }

    /** The runtime's id for a label the case uses in {@code resumeByInterrupt}. */
    String interruptId(String label) {
        return interruptLabels.entrySet().stream().filter(e -> e.getValue().equals(label)).map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The runtime has shown no interrupt labelled " + label));
    }

    List<String> checkpointIds(String thread) {
        return checkpointIds(thread, "");
    }

    /** The thread's checkpoint ids in one namespace ("" = the root graph), sorted (oldest first). */
    public List<String> checkpointIds(String thread, String namespace) {
        List<String> ids = new ArrayList<>();
        for (CheckpointTuple tuple : saver.list(thread, namespace, ListOptions.all())) {
            ids.add(tuple.checkpointId());
        }
        ids.sort(null);
        return ids;
    }

    Integer checkpointIndex(String thread, String checkpointId) {
        if (checkpointId == null) {
            return null;
        }
        int index = checkpointIds(thread).indexOf(checkpointId);
        if (index < 0) {
            throw new IllegalStateException("Checkpoint " + checkpointId + " is not in thread " + thread);
        }
        return index;
    }

    String checkpointId(String thread, int index) {
        List<String> ids = checkpointIds(thread);
        if (index >= ids.size()) {
            throw new IllegalStateException("Thread " + thread + " has " + ids.size() + " checkpoints, no index " + index);
        }
        return ids.get(index);
    }

    List<Object> interrupts(List<Interrupt> interrupts) {
        List<Object> out = new ArrayList<>();
        for (Interrupt interrupt : interrupts == null ? List.<Interrupt>of() : interrupts) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", interruptLabel(interrupt.id()));
            json.put("value", interrupt.value());
            out.add(json);
        }
        return out;
    }

    public Map<String, Object> error(ErrorInfo error) {
        return error(error.type(), error.message());
    }

    Map<String, Object> error(Throwable thrown) {
        return error(thrown.getClass().getSimpleName(), thrown.getMessage());
    }

    private Map<String, Object> error(String type, String message) {
        String text = message == null ? "" : message;
        for (Map.Entry<String, String> label : interruptLabels.entrySet()) {
            text = text.replace(label.getKey(), label.getValue());
        }
        text = replaceAll(HEX32, text, this::interruptLabel);
        text = UUID.matcher(text).replaceAll("<uuid>");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", JAVA_TO_JS_ERROR_TYPES.getOrDefault(type, type));
        json.put("message", text);
        return json;
    }

    Map<String, Object> snapshot(String thread, StateSnapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("values", snapshot.values() == null ? Map.of() : snapshot.values());
        json.put("next", snapshot.next());
        List<Object> tasks = new ArrayList<>();
        for (TaskView task : snapshot.tasks()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", task.name());
            t.put("error", taskError(task.error()));
            t.put("interrupts", interrupts(task.interrupts()));
            t.put("result", task.result());
            tasks.add(t);
        }
        json.put("tasks", tasks);
        json.put("metadata", snapshot.metadata() == null ? null : metadata(snapshot.metadata()));
        json.put("checkpoint", checkpointIndex(thread, idOf(snapshot.checkpoint())));
        json.put("parentCheckpoint", checkpointIndex(thread, idOf(snapshot.parentCheckpoint())));
        return json;
    }

    /** What LangGraph writes itself: source, step, parents. Run metadata is left out, as in the golden files. */
    private static Map<String, Object> metadata(Map<String, Object> metadata) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("source", metadata.get("source"));
        kept.put("step", metadata.get("step"));
        kept.put("parents", metadata.get("parents") == null ? Map.of() : metadata.get("parents"));
        return kept;
    }

    /** A task error as its message: TaskView carries the API's JSON string {"message", "name"}. */
    private static Object taskError(Object error) {
        if (error instanceof String text && text.startsWith("{")) {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> map && map.containsKey("message")) {
                return map.get("message");
            }
        }
        if (error instanceof Map<?, ?> map && map.containsKey("message")) {
            return map.get("message");
        }
        return error;
    }

    private static String idOf(CheckpointRef ref) {
        return ref == null ? null : ref.checkpointId();
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.UnaryOperator<String> replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
