package dev.kgraph.model.crons;

import dev.kgraph.model.runs.RunSpec;
import java.util.Map;

/**
 * A cron as the gateway validated it: when to run ({@code schedule}, a 5-field cron expression read in
 * {@code timezone}, until {@code endTime}) and what to run. {@code run} is the template of every tick's run, built
 * by the gateway like any run request (assistant config merged in); its run id, and for a stateless cron its thread
 * id, are chosen by the writer at each tick.
 *
 * @param threadId       the thread every tick runs on; null for a stateless cron (a new thread per tick)
 * @param endTime        ISO instant after which the cron no longer fires; null: never ends
 * @param onRunCompleted {@code delete} (the tick's thread is deleted once its run ended) or {@code keep}; stateless
 *                       crons only
 * @param payload        the run fields as the client sent them, returned as the Cron's {@code payload}
 */
public record CronSpec(String cronId, String assistantId, String threadId, String schedule, String timezone,
                       String endTime, boolean enabled, String onRunCompleted, Map<String, Object> metadata,
                       Map<String, Object> payload, RunSpec run, String userId) {
}
