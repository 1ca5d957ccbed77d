package dev.kgraph.graph.golden;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.Command;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.RunResult;
import dev.kgraph.graph.Send;
import dev.kgraph.graph.StateSnapshot;
import dev.kgraph.graph.StreamListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a golden case's operations on the Java runtime, one at a time, and returns each result in the shape of the
 * case's {@code expect}. One replay per case: a fresh {@link InMemoryCheckpointSaver}, as generate.mjs uses a fresh
 * MemorySaver per case.
 */
public final class CaseReplay {

    private final CompiledGraph graph;
    private final CheckpointSaver saver = new InMemoryCheckpointSaver();
    private final CaseNormaliser normaliser = new CaseNormaliser(saver);

    public CaseReplay(CompiledGraph graph) {
        this.graph = graph;
    }

    public CaseNormaliser normaliser() {
        return normaliser;
    }

    /**
     * Runs a {@code stream} operation (its input or command and config) with the case's saver, sending the runtime's
     * events to {@code listener}; the caller translates and compares them.
     */
    public RunResult stream(Map<String, Object> op, StreamListener listener) {
        Object input = op.containsKey("command") ? command(map(op.get("command"))) : op.get("input");
        return graph.invoke(input, runConfig(op), saver, listener, CancellationToken.create());
    }

    Object run(Map<String, Object> op) {
        return switch ((String) op.get("op")) {
            case "invoke" -> invoke(op);
            case "updateState" -> updateState(op);
            case "getState" -> getState(op);
            case "getStateHistory" -> getStateHistory(op);
            default -> throw new IllegalArgumentException("Unknown golden operation " + op.get("op"));
        };
    }

    private Map<String, Object> invoke(Map<String, Object> op) {
        boolean stateless = Boolean.FALSE.equals(op.get("checkpointer"));
        String thread = thread(op);
        Object input = op.containsKey("command") ? command(map(op.get("command"))) : op.get("input");
        Map<String, Object> expect = new LinkedHashMap<>();
        try {
            RunResult result = graph.invoke(input, runConfig(op), stateless ? null : saver, StreamListener.NONE,
                    CancellationToken.create());
            switch (result.status()) {
                case DONE, INTERRUPTED -> {
                    expect.put("status", result.status() == RunResult.Status.DONE ? "done" : "interrupted");
                    expect.put("values", result.values());
                    expect.put("interrupts", normaliser.interrupts(result.interrupts()));
                }
                case ERROR -> {
                    expect.put("status", "error");
                    expect.put("error", normaliser.error(result.error()));
                }
                case CANCELLED -> expect.put("status", "cancelled");
            }
        } catch (RuntimeException thrown) {
            expect.put("status", "error");
            expect.put("error", normaliser.error(thrown));
        }
        if (!stateless) {
            expect.put("next", pendingNext(thread));
        }
        return expect;
    }

    /** The thread's pending next nodes, or null where the state cannot be computed (as generate.mjs records it). */
    private List<String> pendingNext(String thread) {
        try {
            return graph.getState(saver, thread, null).next();
        } catch (RuntimeException thrown) {
            return null;
        }
    }

    private Map<String, Object> updateState(Map<String, Object> op) {
        String thread = thread(op);
        Map<String, Object> expect = new LinkedHashMap<>();
        try {
            CheckpointTuple written = graph.updateState(saver, runConfig(op), op.get("values"), (String) op.get("asNode"));
            expect.put("checkpoint", normaliser.checkpointIndex(thread, written.checkpointId()));
        } catch (RuntimeException thrown) {
            expect.put("error", normaliser.error(thrown));
        }
        return expect;
    }

    private Object getState(Map<String, Object> op) {
        String thread = thread(op);
        try {
            String checkpointId = runConfig(op).checkpointId();
            return normaliser.snapshot(thread, graph.getState(saver, thread, checkpointId));
        } catch (RuntimeException thrown) {
            return Map.of("error", normaliser.error(thrown));
        }
    }

    private Object getStateHistory(Map<String, Object> op) {
        String thread = thread(op);
        ListOptions options = ListOptions.all();
        if (op.get("limit") instanceof Number limit) {
            options = options.withLimit(limit.intValue());
        }
        if (op.get("before") instanceof Number before) {
            options = options.withBefore(normaliser.checkpointId(thread, before.intValue()));
        }
        List<Object> history = new ArrayList<>();
        try {
            for (StateSnapshot snapshot : graph.getStateHistory(saver, thread, options)) {
                history.add(normaliser.snapshot(thread, snapshot));
            }
        } catch (RuntimeException thrown) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("error", normaliser.error(thrown));
            failed.put("before", history);
            return failed;
        }
        return history;
    }

    private RunConfig runConfig(Map<String, Object> op) {
        Map<String, Object> config = op.containsKey("config") ? map(op.get("config")) : Map.of();
        String thread = thread(op);
        RunConfig.Builder builder = RunConfig.builder().threadId(thread);
        if (config.get("checkpoint") instanceof Number index) {
            builder.checkpointId(normaliser.checkpointId(thread, index.intValue()));
        }
        if (config.get("recursionLimit") instanceof Number limit) {
            builder.recursionLimit(limit.intValue());
        }
        if (config.containsKey("interruptBefore")) {
            builder.interruptBefore(nodeNames(config.get("interruptBefore")));
        }
        if (config.containsKey("interruptAfter")) {
            builder.interruptAfter(nodeNames(config.get("interruptAfter")));
        }
        return builder.build();
    }

    /** LangGraph.js takes {@code "*"} or a list; the Java config takes a list, with {@code "*"} as its only element. */
    private static List<String> nodeNames(Object value) {
        if (value instanceof List<?> names) {
            return names.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private Command command(Map<String, Object> spec) {
        Object resume = spec.get("resume");
        if (spec.containsKey("resumeByInterrupt")) {
            Map<String, Object> byId = new LinkedHashMap<>();
            map(spec.get("resumeByInterrupt")).forEach((label, value) -> byId.put(normaliser.interruptId(label), value));
            resume = byId;
        }
        return new Command(resume, spec.get("update"), spec.containsKey("goto") ? gotoTarget(spec.get("goto")) : null);
    }

    private static Object gotoTarget(Object target) {
        if (target instanceof List<?> targets) {
            return targets.stream().map(CaseReplay::gotoTarget).toList();
        }
        if (target instanceof Map<?, ?> send && send.get("send") instanceof Map<?, ?> packet) {
            return new Send((String) packet.get("node"), packet.get("arg"));
        }
        return target;
    }

    private static String thread(Map<String, Object> op) {
        return (String) op.get("thread");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
