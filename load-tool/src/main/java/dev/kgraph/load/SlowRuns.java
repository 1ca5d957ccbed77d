package dev.kgraph.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** The run the scaling and burst benchmarks submit: {@code runs/wait} of graph {@code slow} on a new thread. */
final class SlowRuns {
    static final String GRAPH = "slow";

    private SlowRuns() {
    }

    /** {@code POST /threads/{threadId}/runs/wait} with {@code if_not_exists: create}, sleeping {@code runMs}. */
    static HttpRequest waitOnNewThread(URI baseUrl, String threadId, long runMs, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/threads/" + threadId + "/runs/wait"))
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"assistant_id\":\"" + GRAPH + "\",\"input\":{\"ms\":"
                        + runMs + "},\"if_not_exists\":\"create\"}"))
                .build();
    }
}
