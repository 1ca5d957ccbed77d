package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateGraphValidationTests {

    private static final Node NOOP = (s, c) -> null;

    @Test
    void missingEntryPointIsRejected() {
        assertThatThrownBy(() -> new StateGraph().addNode("a", NOOP).addEdge("a", StateGraph.END).compile())
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("entrypoint");
    }

    @Test
    void edgeToUnknownNodeNamesTheNode() {
        assertThatThrownBy(() -> new StateGraph().addNode("a", NOOP).addEdge(StateGraph.START, "a")
                .addEdge("a", "ghost").compile())
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("'ghost'");
        assertThatThrownBy(() -> new StateGraph().addNode("a", NOOP).addEdge(StateGraph.START, "a")
                .addEdge("ghost", "a").compile())
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("'ghost'");
    }

    @Test
    void unreachableNodeIsRejected() {
        assertThatThrownBy(() -> new StateGraph().addNode("a", NOOP).addNode("island", NOOP)
                .addEdge(StateGraph.START, "a").compile())
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("'island'");
    }

    @Test
    void nodesReachedOnlyByCommandGotoAreDeclaredWithEnds() {
        CompiledGraph g = new StateGraph().channel("x", Channels.lastValue())
                .addNode("a", (s, c) -> Command.goTo("b"), List.of("b"))
                .addNode("b", (s, c) -> Map.of("x", "b"))
                .addEdge(StateGraph.START, "a").compile();
        assertThat(g.invoke(Map.of()).values()).containsEntry("x", "b");
    }

    @Test
    void reservedAndDuplicateNamesAreRejected() {
        assertThatThrownBy(() -> new StateGraph().addNode("__start__", NOOP)).isInstanceOf(GraphValidationException.class);
        assertThatThrownBy(() -> new StateGraph().addNode("a:b", NOOP)).isInstanceOf(GraphValidationException.class);
        assertThatThrownBy(() -> new StateGraph().addNode("a", NOOP).addNode("a", NOOP))
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> new StateGraph().channel("branch:to:x", Channels.lastValue()))
                .isInstanceOf(GraphValidationException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void describeAndSchemaListNodesEdgesAndFields() {
        CompiledGraph g = ExampleGraphs.counter();
        assertThat((List<?>) g.describe().get("nodes")).hasSize(4);
        List<Object> edges = (List<Object>) g.describe().get("edges");
        assertThat(edges).contains((Object) Map.of("source", "__start__", "target", "a", "conditional", false));
        assertThat(g.stateSchema().get("properties")).isEqualTo(Map.of("count", Map.of(), "log", Map.of()));
    }
}
