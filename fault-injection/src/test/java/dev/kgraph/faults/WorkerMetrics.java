package dev.kgraph.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads a worker's {@code kgraph_runs_in_flight} gauge (graphs executing on it now) from its Prometheus page, so a
 * fault can wait until the worker it strikes is executing runs: a kill between two runs would hit nothing.
 */
final class WorkerMetrics {
    private static final String GAUGE = "kgraph_runs_in_flight";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Runs executing on the worker, or -1 when its page cannot be read (starting, or paused). */
    int runsInFlight(String metricsUrl) {
        var page = page(metricsUrl);
        return page == null ? -1 : gauge(page);
    }

    private @Nullable String page(String metricsUrl) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The executions gauge's value in a Prometheus text page (summed over its series), or -1 when absent. */
    static int gauge(String page) {
        return gauge(page, GAUGE);
    }

    /** A gauge's value in a Prometheus text page (summed over its series), or -1 when absent. */
    static int gauge(String page, String name) {
        double sum = -1;
        for (var line : page.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (int) sum;
    }
}
