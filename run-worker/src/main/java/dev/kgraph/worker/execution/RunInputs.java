package dev.kgraph.worker.execution;

import dev.kgraph.graph.Command;
import dev.kgraph.graph.Durability;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.model.runs.Run;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a run's {@code kwargs} (as the API stores them) into the graph runtime's input and configuration. */
final class RunInputs {

    private RunInputs() {
    }

    /** A {@code command} wins over {@code input}, as on LangGraph Platform. */
    @SuppressWarnings("unchecked")
    static Object input(Map<String, Object> kwargs) {
        if (kwargs.get("command") instanceof Map<?, ?> command && !command.isEmpty()) {
            return Command.fromJson((Map<String, Object>) command);
        }
        return kwargs.get("input");
    }

    static RunConfig config(Run run, String graphId, int attempt, boolean persistent) {
        var kwargs = run.kwargs();
        var config = map(kwargs.get("config"));
        var configurable = map(config.get("configurable"));
        var metadata = new java.util.HashMap<String, Object>(map(config.get("metadata")));
        metadata.putAll(run.metadata() == null ? Map.of() : run.metadata());
        metadata.put("run_id", run.runId());
        metadata.put("thread_id", run.threadId());
        metadata.put("graph_id", graphId);
        metadata.put("assistant_id", run.assistantId());
        metadata.put("run_attempt", attempt);
        return RunConfig.builder()
                .threadId(persistent ? run.threadId() : null)
                .checkpointNs(configurable.get("checkpoint_ns") instanceof String ns ? ns : "")
                .checkpointId(configurable.get("checkpoint_id") instanceof String id && !id.isEmpty() ? id : null)
                .recursionLimit(config.get("recursion_limit") instanceof Number n ? n.intValue()
                        : RunConfig.DEFAULT_RECURSION_LIMIT)
                .interruptBefore(nodes(kwargs.get("interrupt_before")))
                .interruptAfter(nodes(kwargs.get("interrupt_after")))
                .durability(durability(kwargs.get("durability")))
                .configurable(configurable)
                .tags(strings(config.get("tags")))
                .context(map(kwargs.get("context")))
                .metadata(metadata)
                .runId(run.runId())
                .build();
    }

    private static Durability durability(Object value) {
        return value instanceof String s ? Durability.valueOf(s.toUpperCase(Locale.ROOT)) : Durability.ASYNC;
    }

    private static List<String> nodes(Object value) {
        if ("*".equals(value)) {
            return List.of("*");
        }
        return strings(value);
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
