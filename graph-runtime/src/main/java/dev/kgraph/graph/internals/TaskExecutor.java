package dev.kgraph.graph.internals;

import dev.kgraph.graph.TaskStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes one superstep's tasks in parallel: the first on the run's own thread, each other one on a virtual
 * thread, all joined before returning. Start events are emitted in task order before anything runs; outcomes are recorded on
 * the task and reported by the loop in task order, so streams are deterministic.
 */
final class TaskExecutor {

    private TaskExecutor() {}

    /** Runs {@code tasks} concurrently; none when every task of the step already saved its writes (a resume). */
    static void execute(PregelRun run, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        Map<String, Object> state = run.stepState();
        List<TaskContext> contexts = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            contexts.add(new TaskContext(run, t, run.resumeValuesFor(t)));
            if (run.listener.active()) {
                run.emit(new TaskStartedEvent(run.namespace, t.step, t.id, t.name, t.input, t.triggers));
            }
        }
        if (tasks.size() == 1) {
            runTask(run, contexts.get(0), state);
            return;
        }
        List<Thread> threads = new ArrayList<>(tasks.size() - 1);
        for (int i = 1; i < contexts.size(); i++) {
            TaskContext ctx = contexts.get(i);
            threads.add(Thread.ofVirtual().name("kgraph-", i).start(() -> runTask(run, ctx, state)));
        }
        runTask(run, contexts.get(0), state);
        boolean interrupted = false;
        for (Thread th : threads) {
            while (true) {
                try {
                    th.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    run.cancel.cancel();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static void runTask(PregelRun run, TaskContext ctx, Map<String, Object> state) {
        Task task = ctx.task;
        if (!run.cancel.enter()) {
            task.cancelled = true;
            return;
        }
        try {
            Object returned;
            if (Names.START.equals(task.name)) {
                returned = NodeOutput.startUpdate(task.input);
            } else {
                Map<String, Object> input = task.input instanceof Map<?, ?> m ? (Map<String, Object>) m
                        : java.util.Collections.singletonMap("arg", task.input);
                returned = task.node.fn().apply(input, ctx);
            }
            NodeOutput.collect(run.graph, task, returned, state, ctx);
            task.update = Names.START.equals(task.name) ? task.input : task.updateMap();
        } catch (GraphInterrupt gi) {
            task.writes.clear();
            task.interrupts = gi.interrupts();
        } catch (Throwable e) {
            if (run.cancel.isCancelled()) {
                task.writes.clear();
                task.cancelled = true;
            } else {
                task.error = e;
            }
        } finally {
            run.cancel.exit();
        }
    }
}
