package dev.kgraph.graph.internals;

import dev.kgraph.graph.CustomEvent;
import dev.kgraph.graph.GraphValueError;
import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.MessageChunkEvent;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.RunConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The {@link NodeContext} of one task execution. Holds the task's resume values (from earlier runs, the resume map,
 * or the run's single resume value) and counts interrupt() calls to hand them out in order, as LangGraph's scratchpad.
 */
final class TaskContext implements NodeContext {
    private final PregelRun run;
    final Task task;
    final List<Object> resume;
    private int interruptCounter = -1;

    TaskContext(PregelRun run, Task task, List<Object> resume) {
        this.run = run;
        this.task = task;
        this.resume = resume;
    }

    @Override
    public Object interrupt(Object value) {
        if (run.saver == null) {
            throw new GraphValueError("No checkpointer set\n\nTroubleshooting URL: "
                    + "https://docs.langchain.com/oss/javascript/langgraph/MISSING_CHECKPOINTER/\n");
        }
        interruptCounter++;
        int idx = interruptCounter;
        if (idx < resume.size()) {
            task.resumeWrite = new ArrayList<>(resume.subList(0, idx + 1));
            return resume.get(idx);
        }
        Object nullResume = run.takeNullResume();
        if (nullResume != Chan.EMPTY) {
            resume.add(nullResume);
            task.resumeWrite = new ArrayList<>(resume);
            return nullResume;
        }
        throw new GraphInterrupt(List.of(new Interrupt(LangGraphIds.interruptId(task.checkpointNs, resume.size()), value)));
    }

    /** Takes the resume value meant for a subgraph run by this task, or EMPTY. */
    Object takeResumeForSubgraph() {
        if (resume.size() > interruptCounter + 1) {
            interruptCounter++;
            return resume.get(interruptCounter);
        }
        Object v = run.takeNullResume();
        if (v != Chan.EMPTY) {
            return v;
        }
        return run.resumeMap != null ? run.resumeMap : Chan.EMPTY;
    }

    PregelRun run() {
        return run;
    }

    @Override
    public void emit(Object custom) {
        run.emit(new CustomEvent(run.namespace, custom));
    }

    @Override
    public void emitMessageChunk(String messageId, String content) {
        var chunk = new java.util.LinkedHashMap<String, Object>();
        chunk.put("content", content);
        chunk.put("additional_kwargs", Map.of());
        chunk.put("response_metadata", Map.of());
        chunk.put("tool_call_chunks", List.of());
        chunk.put("tool_calls", List.of());
        chunk.put("invalid_tool_calls", List.of());
        chunk.put("id", messageId);
        chunk.put("type", "AIMessageChunk");
        var metadata = new java.util.LinkedHashMap<String, Object>(run.config.metadata());
        metadata.put("langgraph_step", task.step);
        metadata.put("langgraph_node", task.name);
        metadata.put("langgraph_triggers", task.triggers);
        metadata.put("langgraph_path", task.path);
        metadata.put("langgraph_checkpoint_ns", task.checkpointNs);
        metadata.put("checkpoint_ns", task.checkpointNs);
        run.emit(new MessageChunkEvent(run.namespace, chunk, metadata));
    }

    @Override
    public RunConfig config() {
        return run.config;
    }

    @Override
    public Map<String, Object> context() {
        return run.config.context();
    }

    @Override
    public String node() {
        return task.name;
    }

    @Override
    public int step() {
        return task.step;
    }

    @Override
    public String taskId() {
        return task.id;
    }

    @Override
    public List<String> namespace() {
        return run.namespace;
    }

    @Override
    public boolean cancelled() {
        return run.cancel.isCancelled();
    }

    @Override
    public void sleep(Duration duration) {
        if (run.cancel.isCancelled()) {
            throw new CancellationException("run cancelled");
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("run cancelled");
        }
        if (run.cancel.isCancelled()) {
            throw new CancellationException("run cancelled");
        }
    }
}
