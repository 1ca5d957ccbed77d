package dev.kgraph.graph;

/**
 * Receives a run's stream events. Called from the run's loop thread and, for {@link CustomEvent}, from node threads:
 * implementations must be thread-safe. Exceptions thrown here are swallowed and never stop the run.
 */
@FunctionalInterface
public interface StreamListener {

    StreamListener NONE = new StreamListener() {
        @Override
        public void onEvent(StreamEvent event) {
        }

        @Override
        public boolean active() {
            return false;
        }
    };

    void onEvent(StreamEvent event);

    /**
     * Whether events are wanted right now. When false the run does not build them (a checkpoint's event copies its
     * pending writes, a task's carries its input): a run nobody streams pays nothing for streaming. It may turn true
     * while the run goes on (someone joins its stream); events from then on are built and sent.
     */
    default boolean active() {
        return true;
    }
}
