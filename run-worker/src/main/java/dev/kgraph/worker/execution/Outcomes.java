package dev.kgraph.worker.execution;

import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.RunResult;
import dev.kgraph.graph.StateSnapshots;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.runs.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a graph run ends, in API terms. A pause at an interrupt is a {@code success} of the run (the thread becomes
 * {@code interrupted}); the {@code runs/wait} body is then {@code {"__interrupt__": [...]}} when the graph raised
 * interrupts, and the state values for static breakpoints, as on LangGraph Platform.
 */
final class Outcomes {

    private Outcomes() {
    }

    static RunOutcome of(RunResult result, String startedAt, String endedAt) {
        var values = result.values() == null ? Map.<String, Object>of() : result.values();
        var interrupts = interruptsByTask(result);
        return switch (result.status()) {
            case DONE -> new RunOutcome(RunStatus.SUCCESS, null, values, interrupts, false, null, startedAt, endedAt);
            case INTERRUPTED -> new RunOutcome(RunStatus.SUCCESS,
                    result.interrupts().isEmpty() ? null : Map.of("__interrupt__", toJson(result.interrupts())),
                    values, interrupts, true, null, startedAt, endedAt);
            case ERROR -> failed(result.error().type(), result.error().message(), values, interrupts, startedAt, endedAt);
            case CANCELLED -> new RunOutcome(RunStatus.INTERRUPTED,
                    Map.of("__error__", error("UserInterrupt", "User interrupted the run")), values, interrupts,
                    !result.next().isEmpty(), null, startedAt, endedAt);
        };
    }

    /** The run outlived {@code kgraph.worker.run-timeout}: status {@code timeout}, its progress kept. */
    static RunOutcome timedOut(RunOutcome stopped, java.time.Duration limit) {
        var error = error("TimeoutError", "Run exceeded the run timeout of " + limit.toSeconds() + " s");
        return new RunOutcome(RunStatus.TIMEOUT, Map.of("__error__", error), stopped.values(), stopped.interrupts(),
                stopped.hasNext(), error, stopped.startedAt(), stopped.endedAt());
    }

    static RunOutcome failed(String type, String message, Map<String, Object> values,
                             Map<String, List<Object>> interrupts, String startedAt, String endedAt) {
        var error = error(type, message);
        return new RunOutcome(RunStatus.ERROR, Map.of("__error__", error), values, interrupts, false, error,
                startedAt, endedAt);
    }

    /**
     * A run whose end report did not fit in a Kafka record
     * ({@link dev.kgraph.model.topics.ProducerDefaults#MAX_RECORD_BYTES}): an error, reported without its checkpoints
     * and values (null: the thread keeps the state of its latest stored checkpoint), so the thread goes on with its
     * next run.
     */
    static RunOutcome stateTooLarge(RunOutcome tooLarge) {
        return failed("StateTooLargeError", "The run's state is too large to be saved: its checkpoints and values"
                        + " come to more than " + dev.kgraph.model.topics.ProducerDefaults.MAX_RECORD_BYTES
                        + " bytes, the largest record Kafka takes here", null, Map.of(), tooLarge.startedAt(),
                tooLarge.endedAt());
    }

    private static Map<String, List<Object>> interruptsByTask(RunResult result) {
        var byTask = new LinkedHashMap<String, List<Object>>();
        if (result.lastCheckpoint() != null) {
            for (var task : StateSnapshots.of(result.lastCheckpoint()).tasks()) {
                if (!task.interrupts().isEmpty()) {
                    byTask.put(task.id(), toJson(task.interrupts()));
                }
            }
        } else if (!result.interrupts().isEmpty()) {
            byTask.put("__interrupt__", toJson(result.interrupts()));
        }
        return byTask;
    }

    private static List<Object> toJson(List<Interrupt> interrupts) {
        var out = new ArrayList<Object>();
        interrupts.forEach(i -> out.add(i.toJson()));
        return out;
    }

    private static Map<String, Object> error(String type, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("error", type);
        error.put("message", message);
        return error;
    }
}
