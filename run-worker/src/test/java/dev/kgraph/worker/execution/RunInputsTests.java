package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.Command;
import dev.kgraph.graph.Durability;
import dev.kgraph.graph.Send;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a graph receives from a run's kwargs: input or command, and its configuration. */
class RunInputsTests {

    @Test
    void configTagsConfigurableContextAndBreakpointsReachTheGraph() {
        // setup
        var kwargs = Map.<String, Object>of(
                "input", Map.of("count", 1),
                "config", Map.of("tags", List.of("t1"), "recursion_limit", 7,
                        "configurable", Map.of("model", "m", "checkpoint_id", "cp-1", "checkpoint_ns", "")),
                "context", Map.of("user", "u"),
                "interrupt_before", "*",
                "interrupt_after", List.of("a"),
                "durability", "sync");
        var run = new Run("run-1", "thread-1", "asst-1", "t", "t", RunStatus.RUNNING, Map.of("owner", "me"), kwargs,
                "enqueue");

        // when
        var config = RunInputs.config(run, "counter", 2, true);

        // then
        assertThat(config.threadId()).isEqualTo("thread-1");
        assertThat(config.tags()).containsExactly("t1");
        assertThat(config.recursionLimit()).isEqualTo(7);
        assertThat(config.configurable()).containsEntry("model", "m");
        assertThat(config.context()).containsEntry("user", "u");
        assertThat(config.checkpointId()).isEqualTo("cp-1");
        assertThat(config.interruptBefore()).containsExactly("*");
        assertThat(config.interruptAfter()).containsExactly("a");
        assertThat(config.durability()).isEqualTo(Durability.SYNC);
        assertThat(config.metadata()).containsEntry("owner", "me").containsEntry("run_id", "run-1")
                .containsEntry("graph_id", "counter").containsEntry("run_attempt", 2);
        assertThat(RunInputs.input(kwargs)).isEqualTo(Map.of("count", 1));
    }

    @Test
    void aStatelessRunHasNoThreadForTheCheckpointer() {
        var run = new Run("run-1", "thread-1", "asst-1", "t", "t", RunStatus.RUNNING, Map.of(), Map.of(), "enqueue");

        var config = RunInputs.config(run, "echo", 1, false);

        assertThat(config.threadId()).isNull();
        assertThat(config.durability()).isEqualTo(Durability.ASYNC);
        assertThat(config.recursionLimit()).isEqualTo(25);
    }

    @Test
    void aCommandWinsOverInputAndItsGotoBecomesSends() {
        var kwargs = Map.<String, Object>of("input", Map.of("count", 1), "command",
                Map.of("resume", "yes", "update", Map.of("count", 10), "goto", List.of("b", Map.of("node", "a",
                        "input", Map.of("x", 1)))));

        var input = RunInputs.input(kwargs);

        assertThat(input).isInstanceOf(Command.class);
        var command = (Command) input;
        assertThat(command.resume()).isEqualTo("yes");
        assertThat(command.update()).isEqualTo(Map.of("count", 10));
        assertThat(command.gotoTargets()).containsExactly("b", new Send("a", Map.of("x", 1)));
    }
}
