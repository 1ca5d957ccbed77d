package dev.kgraph.load;

import java.io.IOException;

/** The two calls the {@code runs/wait} load makes. */
interface RunCalls {

    /** Creates a thread with the given id, or keeps it if it exists. */
    void createThread(String threadId) throws IOException, InterruptedException;

    /** {@code POST /threads/{id}/runs/wait} with one user message; the thread is created on the way in new-thread mode. */
    Outcome waitForRun(String threadId, String content, Mode mode) throws InterruptedException;
}
