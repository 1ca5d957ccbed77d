package dev.kgraph.gateway.api;

/**
 * The semantic 400s of run creation (after schema validation, before the run is stored), with the Python server's
 * wording. Call {@link #check} from every run-creating endpoint; the result does not depend on storage.
 */
public final class RunCreationChecks {

    static final String RESUME_NEEDS_THREAD = "You must provide a thread_id when resuming.";
    static final String CONFIGURABLE_AND_CONTEXT = "Cannot specify both configurable and context. Prefer setting "
            + "context alone. Context was introduced in LangGraph 0.6.0 and is the long term planned replacement "
            + "for configurable.";

    private RunCreationChecks() {
    }

    /**
     * Throws 400 when the request cannot be honoured as asked.
     *
     * @param threadBound false for the stateless endpoints ({@code /runs...}), whose temporary thread holds no
     *                    interrupt to resume
     */
    public static void check(RunCreateRequest request, boolean threadBound) {
        if (!threadBound && request.resumes()) {
            throw ApiException.badRequest(RESUME_NEEDS_THREAD);
        }
        if (request.config() != null && request.config().hasConfigurableKeys() && request.hasContextKeys()) {
            throw ApiException.badRequest(CONFIGURABLE_AND_CONTEXT);
        }
    }
}
