package dev.kgraph.graph.internals;

import dev.kgraph.graph.Command;
import dev.kgraph.graph.PendingWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Command given as run input, as the pending writes LangGraph records for it: gotos as {@code branch:to:} or
 * Send writes, the resume value (or one write per interrupt id of a resume map), then the update, all under the
 * null task id except the per-interrupt resume writes.
 */
final class CommandWrites {

    private CommandWrites() {}

    static List<PendingWrite> of(GraphSpec graph, Command cmd, Map<?, ?> resumeMap) {
        List<PendingWrite> out = new ArrayList<>();
        List<Write> gotoWrites = new ArrayList<>();
        for (Object target : cmd.gotoTargets()) {
            NodeOutput.gotoWrite(graph, target, gotoWrites);
        }
        for (Write w : gotoWrites) {
            out.add(new PendingWrite(PendingWrite.NULL_TASK_ID, w.channel(), w.value()));
        }
        if (cmd.resume() != null) {
            if (resumeMap != null) {
                for (Map.Entry<?, ?> e : resumeMap.entrySet()) {
                    List<Object> v = new ArrayList<>(1);
                    v.add(e.getValue());
                    out.add(new PendingWrite(String.valueOf(e.getKey()), Names.RESUME, v));
                }
            } else {
                out.add(new PendingWrite(PendingWrite.NULL_TASK_ID, Names.RESUME, cmd.resume()));
            }
        }
        for (Map.Entry<String, Object> e : cmd.updateEntries()) {
            out.add(new PendingWrite(PendingWrite.NULL_TASK_ID, e.getKey(), e.getValue()));
        }
        return out;
    }
}
