package dev.kgraph.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A thread's checkpoints must form one chain with no step done twice or skipped: oldest first, each checkpoint's
 * parent is the one before it (so no two share a parent), {@code metadata.step} grows by exactly one (more only
 * where a {@code durability: exit} run stored just its last checkpoint), and each run's input was applied at most
 * once (exactly once when it had an input and stored its steps). Also notes the runs executed more than once. A
 * run's durability and whether it had an input come from the client's own records of its request ({@link Op}), never
 * from what the server stored.
 */
final class HistoryCheck {

    private HistoryCheck() {
    }

    /**
     * @param newestFirst the thread's history as the API lists it
     * @param runs        the thread's runs by id, as the API lists them (the set of runs and their status)
     */
    static void check(ThreadPlan plan, List<Object> newestFirst, Map<String, Map<String, Object>> runs, Tally tally) {
        var thread = plan.kind.name().toLowerCase(java.util.Locale.ROOT) + " thread " + plan.threadId;
        var chain = new ArrayList<>(newestFirst.reversed());
        tally.checkpoints.addAndGet(chain.size());
        var requests = new HashMap<String, Op>();
        plan.ops.stream().filter(op -> op.runId != null).forEach(op -> requests.put(op.runId, op));
        var parents = new HashSet<String>();
        var inputs = new HashMap<String, Integer>();
        @Nullable String previousId = null;
        int previousStep = Integer.MIN_VALUE;
        for (int i = 0; i < chain.size(); i++) {
            var checkpoint = Json.map(chain.get(i));
            var metadata = Json.map(checkpoint.get("metadata"));
            var id = (String) Json.map(checkpoint.get("checkpoint")).get("checkpoint_id");
            var parent = (String) Json.map(checkpoint.get("parent_checkpoint")).get("checkpoint_id");
            var runId = (String) metadata.get("run_id");
            int step = ((Number) metadata.get("step")).intValue();
            boolean exit = "exit".equals(durabilityOf(requests.get(runId)));
            var where = thread + " checkpoint " + id + " (run " + runId + " attempt " + metadata.get("run_attempt")
                    + ", step " + step + ", " + metadata.get("source") + ")";
            if (parent != null && !parents.add(parent)) {
                tally.duplicate(where + " shares its parent " + parent + " with another checkpoint");
            }
            if (i > 0 && !Objects.equals(parent, previousId)) {
                tally.problem("BROKEN CHAIN: " + where + " has parent " + parent + ", the checkpoint before it is "
                        + previousId);
            }
            if (i == 0 ? !exit && step != -1 : exit ? step <= previousStep : step != previousStep + 1) {
                tally.problem("STEP: " + where + " follows step " + (i == 0 ? "none" : previousStep));
            }
            if ("input".equals(metadata.get("source"))) {
                inputs.merge(runId, 1, Integer::sum);
            }
            if (metadata.get("run_attempt") instanceof Number attempt && attempt.intValue() > 1) {
                tally.resumedRuns.add(runId);
            }
            previousId = id;
            previousStep = step;
        }
        for (var run : runs.values()) {
            var runId = (String) run.get("run_id");
            int applied = inputs.getOrDefault(runId, 0);
            var request = requests.get(runId);
            boolean expectsInput = request != null && request.hasInput && !"exit".equals(request.durability);
            if (applied > 1) {
                tally.duplicate(thread + " run " + runId + " applied its input " + applied + " times");
            } else if (expectsInput && applied == 0 && "success".equals(run.get("status"))) {
                tally.problem("INPUT: " + thread + " run " + runId + " has no input checkpoint");
            }
        }
    }

    private static @Nullable String durabilityOf(@Nullable Op request) {
        return request == null ? null : request.durability;
    }
}
