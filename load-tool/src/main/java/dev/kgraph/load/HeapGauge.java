package dev.kgraph.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The used heap of a kgraph server, read from its Prometheus endpoint ({@code GET /actuator/prometheus}, see
 * docs/metrics.md): the sum of Micrometer's {@code jvm_memory_used_bytes} series with {@code area="heap"} (one per
 * heap pool, e.g. G1's eden, survivor and old gen). A server without the endpoint (the anchor) gives -1.
 */
final class HeapGauge {

    private final HttpClient http;
    private final URI metrics;

    HeapGauge(HttpClient http, URI baseUrl) {
        this.http = http;
        this.metrics = URI.create(baseUrl + "/actuator/prometheus");
    }

    /** Used heap bytes now, or -1 when the server does not say. */
    long usedBytes() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? usedHeap(response.body()) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Sums {@code jvm_memory_used_bytes{..area="heap"..} value} lines of a Prometheus text page; -1 without any. */
    static long usedHeap(String page) {
        double sum = 0;
        boolean found = false;
        for (String line : page.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                int close = line.lastIndexOf('}');
                String[] rest = line.substring(close + 1).trim().split("\\s+"); // value, then an optional timestamp
                try {
                    sum += Double.parseDouble(rest[0]);
                    found = true;
                } catch (NumberFormatException ignored) {
                    // a malformed line is not a figure
                }
            }
        }
        return found ? Math.round(sum) : -1;
    }
}
