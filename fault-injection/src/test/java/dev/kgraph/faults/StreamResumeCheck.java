package dev.kgraph.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run streams read through a gateway that is then killed with SIGKILL, and resumed with {@code Last-Event-ID} on
 * another gateway at the {@code Location} the first answer gave: the events before the kill and after the resume
 * must be every event of the run exactly once, in order, equal to a full replay ({@code Last-Event-ID: -1}).
 */
final class StreamResumeCheck {
    private static final Duration READ_LIMIT = Duration.ofMinutes(3);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Reader> readers = new ArrayList<>();

    /** One SSE event as a client sees it. */
    record Event(long id, String event, String data) {
    }

    /** Starts {@code count} streamed runs of {@code slow} (sleeping {@code ms}) through {@code gatewayUrl}. */
    void start(String gatewayUrl, int count, int ms) {
        for (int i = 0; i < count; i++) {
            var body = Map.of("assistant_id", "slow", "input", Map.of("ms", ms), "if_not_exists", "create",
                    "stream_mode", List.of("values", "updates", "debug"), "stream_resumable", true);
            var request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/threads/" + UUID.randomUUID()
                            + "/runs/stream")).header("Content-Type", "application/json").timeout(READ_LIMIT)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
            readers.add(new Reader(request));
        }
    }

    /** Until every stream has received its first events (its run executes; the kill will cut it mid-run). */
    void awaitStarted(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (var reader : readers) {
            while (reader.events.isEmpty() && reader.ended.getCount() > 0 && System.nanoTime() < deadline) {
                reader.firstEvent.await(50, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Resumes every stream on {@code gatewayUrl} and compares; returns what went wrong (nothing: empty). */
    List<String> resumeOn(String gatewayUrl) throws InterruptedException {
        var problems = new ArrayList<String>();
        for (var reader : readers) {
            if (!reader.ended.await(READ_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                problems.add("STREAM: a stream through the killed gateway never broke off");
                continue;
            }
            var before = new ArrayList<>(reader.events);
            if (reader.location == null || before.isEmpty()) {
                problems.add("STREAM: a stream through the killed gateway got no events before the kill");
                continue;
            }
            var lastSeen = before.getLast().id();
            var resumed = new Reader(get(gatewayUrl + reader.location, Long.toString(lastSeen)));
            var replay = new Reader(get(gatewayUrl + reader.location, "-1"));
            if (!resumed.ended.await(READ_LIMIT.toSeconds(), TimeUnit.SECONDS)
                    || !replay.ended.await(READ_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                problems.add("STREAM: " + reader.location + " resumed or replayed did not end");
                continue;
            }
            var received = new ArrayList<>(before);
            received.addAll(resumed.events);
            if (!received.equals(replay.events)) {
                problems.add("STREAM: " + reader.location + " cut after id " + lastSeen + " and resumed elsewhere"
                        + " got " + ids(received) + ", a full replay " + ids(replay.events));
            } else if (!replay.events.getLast().data().contains("\"done\":true")) {
                problems.add("STREAM: " + reader.location + " did not end with the run's final values: "
                        + replay.events.getLast());
            }
        }
        return problems;
    }

    int streams() {
        return readers.size();
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    private static HttpRequest get(String url, String lastEventId) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(READ_LIMIT).header("Last-Event-ID", lastEventId)
                .GET().build();
    }

    /** Reads one SSE response on a virtual thread until it ends or breaks. */
    private final class Reader {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final CountDownLatch firstEvent = new CountDownLatch(1);
        volatile String location;

        Reader(HttpRequest request) {
            Thread.ofVirtual().start(() -> {
                try {
                    var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                    location = response.headers().firstValue("location").orElse(null);
                    String event = null;
                    String data = null;
                    String id = null;
                    for (var line : (Iterable<String>) response.body()::iterator) {
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data = line.substring(6);
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.isEmpty() && event != null) {
                            events.add(new Event(id == null ? -1 : Long.parseLong(id), event, data));
                            firstEvent.countDown();
                            event = null;
                            data = null;
                            id = null;
                        }
                    }
                } catch (IOException | RuntimeException broken) {
                    // the gateway died mid-stream: what was read is kept
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } finally {
                    firstEvent.countDown();
                    ended.countDown();
                }
            });
        }
    }
}
