package dev.kgraph.graph.internals;

import dev.kgraph.graph.InvalidUpdateError;
import java.util.List;

/** Last value wins; more than one write per superstep is an error (LangGraph's LastValue). */
final class LastValueChan extends SingleValueChan {
    private final String name;

    LastValueChan(String name) {
        this.name = name;
    }

    @Override
    public boolean update(List<Object> values) {
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1) {
            throw new InvalidUpdateError("LastValue can only receive one value per step.\n\nTroubleshooting URL: "
                    + "https://docs.langchain.com/oss/javascript/langgraph/INVALID_CONCURRENT_GRAPH_UPDATE/\n");
        }
        value = values.get(0);
        return true;
    }

    @Override
    public Chan restore(Object saved) {
        LastValueChan c = new LastValueChan(name);
        c.value = saved;
        return c;
    }
}
