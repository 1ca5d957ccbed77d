package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.api.ApiException;
import java.util.Set;

/** The {@code action} query parameter of the cancel endpoints: {@code interrupt} (default) or {@code rollback}. */
public final class CancelActions {
    private static final Set<String> ACTIONS = Set.of("interrupt", "rollback");

    private CancelActions() {
    }

    /** The action if valid, else 422 naming the parameter. */
    public static String require(String action) {
        if (!ACTIONS.contains(action)) {
            throw ApiException.unprocessable("action: must be one of interrupt, rollback");
        }
        return action;
    }
}
