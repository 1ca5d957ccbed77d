package dev.kgraph.load;

/**
 * One {@code runs/wait} call of the scaling benchmark, as the client saw it.
 *
 * @param sentAt     {@link System#nanoTime()} when the request was sent
 * @param doneAt     {@link System#nanoTime()} when the answer (or the failure) came back
 * @param partition  the partition of the run's thread on the thread-keyed topics
 * @param error      what went wrong (e.g. {@code HTTP 503}, {@code timeout}); null when the run succeeded
 */
record Completion(long sentAt, long doneAt, int partition, String error) {

    boolean succeeded() {
        return error == null;
    }

    long latencyNanos() {
        return doneAt - sentAt;
    }
}
