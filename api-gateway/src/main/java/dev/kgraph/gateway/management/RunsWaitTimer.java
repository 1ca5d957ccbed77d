package dev.kgraph.gateway.management;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import dev.kgraph.gateway.api.ApiException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Times {@code POST /runs/wait} and {@code POST /threads/{id}/runs/wait} from the request to the last byte of the
 * answer (the run's result): {@code kgraph.runs.wait} with tags {@code endpoint} ({@code stateless}, {@code thread})
 * and {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code UNKNOWN}). The
 * timers are registered up front; a request costs two clock reads and one {@link Timer#record}.
 */
final class RunsWaitTimer implements WebFilter {
    static final String NAME = "kgraph.runs.wait";
    /** By HTTP status class; UNKNOWN: the caller went away before the answer (or a 1xx/3xx, which it never is). */
    private static final String[] OUTCOMES = {"SUCCESS", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN"};

    /** Histogram buckets: a few per order of magnitude from 10 ms to an hour (not Micrometer's ~70 default ones). */
    static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final Timer[] stateless = new Timer[OUTCOMES.length];
    private final Timer[] thread = new Timer[OUTCOMES.length];

    RunsWaitTimer(MeterRegistry registry) {
        for (int i = 0; i < OUTCOMES.length; i++) {
            stateless[i] = timer(registry, "stateless", OUTCOMES[i]);
            thread[i] = timer(registry, "thread", OUTCOMES[i]);
        }
    }

    private static Timer timer(MeterRegistry registry, String endpoint, String outcome) {
        return Timer.builder(NAME)
                .description("runs/wait calls, from the request to the run's result")
                .tags("endpoint", endpoint, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (!times(request)) {
            return chain.filter(exchange);
        }
        var timers = request.getPath().pathWithinApplication().value().equals("/runs/wait") ? stateless : thread;
        long start = System.nanoTime();
        return chain.filter(exchange)
                .doOnError(error -> record(timers, start, statusOf(error)))
                .doOnSuccess(done -> record(timers, start, exchange.getResponse().getStatusCode()))
                .doOnCancel(() -> record(timers, start, null)); // the caller went away
    }

    /** Whether this is a {@code runs/wait} call, which this timer times (and Spring's HTTP observation leaves out). */
    static boolean times(ServerHttpRequest request) {
        return request.getMethod() == HttpMethod.POST
                && request.getPath().pathWithinApplication().value().endsWith("/runs/wait");
    }

    private static void record(Timer[] timers, long start, HttpStatusCode status) {
        timers[outcomeIndex(status)].record(Duration.ofNanos(System.nanoTime() - start));
    }

    /** The status the error handlers will answer with: an API error's own, a framework status, else 500. */
    private static HttpStatusCode statusOf(Throwable error) {
        return switch (error) {
            case ApiException api -> api.status();
            case ErrorResponse framework -> framework.getStatusCode();
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static int outcomeIndex(HttpStatusCode status) {
        if (status == null) {
            return 3;
        }
        return switch (status.value() / 100) {
            case 2 -> 0;
            case 4 -> 1;
            case 5 -> 2;
            default -> 3;
        };
    }

    /** Spring's filter chain labels a checkpoint with this on every request: a constant, not a new hash string. */
    @Override
    public String toString() {
        return "RunsWaitTimer";
    }
}
