package dev.kgraph.model.events;

/**
 * Where an execution hands a run's final values ({@link RunEvent.RunValues}) when a caller waiting for that run is
 * in its own process: the standalone server, whose gateway and worker share one JVM. A long thread's values are its
 * whole conversation; sent on {@code kgraph.events} they are appended to the broker's log, copied to every gateway's
 * tail and dropped, only to reach the gateway beside the execution. They are not a record of anything: the state
 * they are is stored as the run's checkpoint, and the answer still waits for the writer's completion, which names the
 * dispatch whose values it is. A gateway elsewhere that waits for the same run (a {@code join} on another gateway)
 * asks the writer for them after {@code RunCompletions.VALUES_GRACE}, as when a send fails.
 */
@FunctionalInterface
public interface LocalRunValues {
    /** Nobody waits in this process (a worker on its own): values always go on {@code kgraph.events}. */
    LocalRunValues NONE = values -> false;

    /**
     * Gives {@code values} to the callers of this process that wait for their run; false when none waits here (they
     * are then to be sent on {@code kgraph.events}). Called from an execution's thread.
     */
    boolean handOver(RunEvent.RunValues values);
}
