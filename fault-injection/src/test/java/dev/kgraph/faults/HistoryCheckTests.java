package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The history check finds a step done twice, a fork, a gap and an input applied twice; it passes a clean chain. */
class HistoryCheckTests {
    private final ThreadPlan plan = new ThreadPlan(ThreadPlan.Kind.ECHO);
    private final Tally tally = new Tally();
    private final List<Object> oldestFirst = new ArrayList<>();

    @Test
    void aSingleChainOfStepsPasses() {
        // setup
        checkpoint("c1", null, "r1", -1, "input", 1);
        checkpoint("c2", "c1", "r1", 0, "loop", 1);
        checkpoint("c3", "c2", "r1", 1, "loop", 2);
        checkpoint("c4", "c3", "r2", 2, "input", 1);
        checkpoint("c5", "c4", "r2", 3, "loop", 1);

        // when
        check(run("r1", "async"), run("r2", "sync"));

        // then
        assertThat(tally.problems()).isEmpty();
        assertThat(tally.resumedRuns).containsExactly("r1");
    }

    @Test
    void aDurabilityExitRunMayJumpSteps() {
        checkpoint("c1", null, "r1", 1, "loop", 1);
        checkpoint("c2", "c1", "r2", 4, "loop", 1);

        check(run("r1", "exit"), run("r2", "exit"));

        assertThat(tally.problems()).isEmpty();
    }

    @Test
    void anInputAppliedTwiceIsADuplicate() {
        checkpoint("c1", null, "r1", -1, "input", 1);
        checkpoint("c2", "c1", "r1", 0, "loop", 1);
        checkpoint("c3", "c2", "r1", 1, "input", 2);
        checkpoint("c4", "c3", "r1", 2, "loop", 2);

        check(run("r1", "async"));

        assertThat(tally.duplicates).hasValue(1);
        assertThat(tally.problems()).singleElement().asString().contains("applied its input 2 times");
    }

    @Test
    void twoCheckpointsOnOneParentAreAForkAndABrokenChain() {
        checkpoint("c1", null, "r1", -1, "input", 1);
        checkpoint("c2", "c1", "r1", 0, "loop", 1);
        checkpoint("c3", "c1", "r1", 0, "loop", 2);

        check(run("r1", "async"));

        assertThat(tally.duplicates).hasValue(1);
        assertThat(tally.problems()).anyMatch(p -> p.startsWith("BROKEN CHAIN"))
                .anyMatch(p -> p.startsWith("STEP"));
    }

    @Test
    void aSkippedStepIsFound() {
        checkpoint("c1", null, "r1", -1, "input", 1);
        checkpoint("c2", "c1", "r1", 1, "loop", 1);

        check(run("r1", "sync"));

        assertThat(tally.problems()).singleElement().asString().startsWith("STEP");
    }

    @Test
    void aRunWithAnInputButNoInputCheckpointIsFound() {
        checkpoint("c1", null, "r1", 0, "loop", 1);

        check(run("r1", "async"));

        assertThat(tally.problems()).anyMatch(p -> p.startsWith("INPUT"));
    }

    private void checkpoint(String id, @Nullable String parent, String runId, int step, String source, int attempt) {
        var checkpoint = new LinkedHashMap<String, Object>();
        checkpoint.put("checkpoint", Map.of("checkpoint_id", id));
        var parentRef = new HashMap<String, Object>();
        parentRef.put("checkpoint_id", parent);
        checkpoint.put("parent_checkpoint", parent == null ? null : parentRef);
        checkpoint.put("metadata", Map.of("run_id", runId, "step", step, "source", source, "run_attempt", attempt));
        oldestFirst.add(checkpoint);
    }

    /** A run as the server lists it, and the client's record of the request that created it (its input, durability). */
    private Map<String, Object> run(String runId, String durability) {
        var op = new Op(plan, "echo", null);
        op.runId = runId;
        op.durability = durability;
        op.hasInput = true;
        op.submission = Op.Submission.ACCEPTED;
        plan.ops.add(op);
        return Map.of("run_id", runId, "status", "success");
    }

    @SafeVarargs
    private void check(Map<String, Object>... runs) {
        var byId = new HashMap<String, Map<String, Object>>();
        for (var run : runs) {
            byId.put((String) run.get("run_id"), run);
        }
        HistoryCheck.check(plan, oldestFirst.reversed(), byId, tally);
    }
}
