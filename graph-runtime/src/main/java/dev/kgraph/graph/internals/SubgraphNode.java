package dev.kgraph.graph.internals;

import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.Command;
import dev.kgraph.graph.Node;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A compiled graph used as a node. It runs in its own checkpoint namespace ({@code node:<task id>}, nested with
 * {@code |}), shares the parent's saver, listener and cancellation, and returns its final state as the node's update.
 * An interrupt inside surfaces as the parent task's interrupt; resuming the parent re-enters the subgraph and
 * resumes it from its own checkpoint.
 */
public final class SubgraphNode implements Node {
    private final GraphSpec graph;

    public SubgraphNode(GraphSpec graph) {
        this.graph = graph;
    }

    @Override
    public Object apply(Map<String, Object> state, NodeContext ctx) {
        TaskContext tc = (TaskContext) ctx;
        PregelRun parent = tc.run();
        String childNs = tc.task.checkpointNs;
        RunConfig childConfig = parent.config.toBuilder().checkpointNs(childNs).checkpointId(null)
                .interruptBefore(List.of()).interruptAfter(List.of()).build();
        Object input = state;
        if (parent.saver != null) {
            Optional<CheckpointTuple> existing = parent.saver.get(parent.threadId(), childNs, null);
            if (existing.isPresent() && !existing.get().next().isEmpty()) {
                Object resume = tc.takeResumeForSubgraph();
                input = resume == Chan.EMPTY ? null : Command.resume(resume);
            }
        }
        List<String> ns = new ArrayList<>(parent.namespace);
        ns.add(tc.task.name + ":" + tc.task.id);
        Map<String, String> parents = new LinkedHashMap<>(parent.parents());
        parents.put(parent.config.checkpointNs(), parent.checkpointId());
        RunResult r = new PregelRun(graph, childConfig, parent.saver, parent.listener, parent.cancel, ns, parents)
                .run(input);
        return switch (r.status()) {
            case DONE -> r.values();
            case INTERRUPTED -> throw new GraphInterrupt(r.interrupts());
            case CANCELLED -> throw new CancellationException("subgraph cancelled");
            case ERROR -> throw new NodeFailure(r.error().type(), r.error().message());
        };
    }
}
