package dev.kgraph.worker.sequencer;

import java.util.List;

/**
 * The {@code prefix} and {@code suffix} conditions of a namespace listing, as LangGraph's {@code MatchCondition}: the
 * namespace starts (ends) with the given labels, where {@code *} matches any one label.
 */
final class StoreNamespaceMatch {
    static final String WILDCARD = "*";

    private StoreNamespaceMatch() {
    }

    static boolean matches(List<String> namespace, List<String> prefix, List<String> suffix) {
        return (prefix == null || startsWith(namespace, prefix, 0))
                && (suffix == null || suffix.size() <= namespace.size()
                && startsWith(namespace, suffix, namespace.size() - suffix.size()));
    }

    private static boolean startsWith(List<String> namespace, List<String> labels, int from) {
        if (from < 0 || namespace.size() - from < labels.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            var label = labels.get(i);
            if (!label.equals(WILDCARD) && !label.equals(namespace.get(from + i))) {
                return false;
            }
        }
        return true;
    }
}
