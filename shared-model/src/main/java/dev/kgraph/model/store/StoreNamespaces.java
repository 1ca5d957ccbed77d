package dev.kgraph.model.store;

import java.util.List;
import java.util.Optional;

/**
 * LangGraph's namespace rules ({@code BaseStore._validate_namespace} and the API's {@code _validate_namespace}):
 * labels are non-empty and hold no period (the API joins them with periods in {@code GET /store/items}), and an
 * item's namespace is not empty and does not start with the reserved label {@code langgraph}.
 */
public final class StoreNamespaces {
    private static final String RESERVED_ROOT = "langgraph";

    private StoreNamespaces() {
    }

    /** What is wrong with the labels of a namespace, prefix or suffix; empty when they are valid. */
    public static Optional<String> labelProblem(List<String> labels) {
        for (String label : labels) {
            if (label.isEmpty() || label.contains(".")) {
                return Optional.of("Namespace labels cannot be empty or contain periods. Received: "
                        + String.join(".", labels));
            }
        }
        return Optional.empty();
    }

    /** What is wrong with the namespace of an item being written; empty when it is valid. */
    public static Optional<String> itemNamespaceProblem(List<String> namespace) {
        if (namespace.isEmpty()) {
            return Optional.of("Namespace cannot be empty.");
        }
        var labels = labelProblem(namespace);
        if (labels.isPresent()) {
            return labels;
        }
        if (namespace.getFirst().equals(RESERVED_ROOT)) {
            return Optional.of("Root label for namespace cannot be \"langgraph\". Got: " + namespace);
        }
        return Optional.empty();
    }
}
