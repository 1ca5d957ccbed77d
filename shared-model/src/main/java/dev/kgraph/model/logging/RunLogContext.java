package dev.kgraph.model.logging;

import org.slf4j.MDC;

/**
 * Puts {@value #RUN_ID} and {@value #THREAD_ID} into the logging MDC for the current thread, so every line logged
 * meanwhile carries them: as fields of the JSON line with structured logging
 * ({@code logging.structured.format.console}, see {@code docs/logging.md}), or via {@code %X{run_id}} in a pattern. Use it in try-with-resources on the thread that
 * does the work (an execution's virtual thread, a stream thread around one record, a listener around one message);
 * closing restores what was there before, so scopes nest.
 */
public final class RunLogContext implements AutoCloseable {

    public static final String RUN_ID = "run_id";
    public static final String THREAD_ID = "thread_id";

    private final String previousRunId;
    private final String previousThreadId;

    private RunLogContext(String threadId, String runId) {
        this.previousRunId = MDC.get(RUN_ID);
        this.previousThreadId = MDC.get(THREAD_ID);
        put(THREAD_ID, threadId);
        put(RUN_ID, runId);
    }

    /** About one run of a thread; a null id leaves that key unset. */
    public static RunLogContext of(String threadId, String runId) {
        return new RunLogContext(threadId, runId);
    }

    /** About a thread, not a particular run. */
    public static RunLogContext ofThread(String threadId) {
        return new RunLogContext(threadId, null);
    }

    @Override
    public void close() {
        put(RUN_ID, previousRunId);
        put(THREAD_ID, previousThreadId);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
