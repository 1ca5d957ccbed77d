package dev.kgraph.gateway.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code config} of a run. The known keys are typed; every other key (e.g. {@code run_name},
 * {@code max_concurrency}, {@code metadata}) is kept verbatim in {@code otherKeys} because LangGraph passes them on.
 *
 * @param recursionLimit the super-step limit, always greater than 0 when set
 */
public record RequestConfig(@Nullable List<String> tags, @Nullable Integer recursionLimit,
                        @Nullable ObjectNode configurable, ObjectNode otherKeys) {

    public RequestConfig {
        tags = tags == null ? null : List.copyOf(tags);
    }

    public boolean hasConfigurableKeys() {
        return configurable != null && !configurable.isEmpty();
    }

    /** The wire form: the other keys first, then the typed ones; absent typed keys are left out. */
    public ObjectNode toJson() {
        ObjectNode node = otherKeys.deepCopy();
        if (tags != null) {
            ArrayNode array = node.putArray("tags");
            tags.forEach(array::add);
        }
        if (recursionLimit != null) {
            node.put("recursion_limit", recursionLimit);
        }
        if (configurable != null) {
            node.set("configurable", configurable);
        }
        return node;
    }
}
