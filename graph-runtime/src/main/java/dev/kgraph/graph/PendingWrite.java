package dev.kgraph.graph;

/**
 * A write saved against a checkpoint before the next one exists: a finished task's output, or the special channels
 * {@code __interrupt__} (value: list of {@link Interrupt}), {@code __error__} (value: {@code {message, name}}),
 * {@code __resume__}. Task id {@code 00000000-0000-0000-0000-000000000000} marks writes of run input (Command).
 */
public record PendingWrite(String taskId, String channel, Object value) {
    public static final String NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
}
