package dev.kgraph.standalone;

import dev.kgraph.gateway.access.ApiKeyFilter;
import dev.kgraph.gateway.api.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Holds the API requests that arrive after the port opened but before the server is ready (readiness {@code UP}: the
 * gateway knows every graph, the sequencer runs), and lets them through the moment it is, so that a run sent right
 * after a start waits a moment instead of failing with 422 "registered graphs: " (no graph known yet). A request
 * still not let through after {@code hold} gets 503 {@code {"detail": ...}} with {@code Retry-After: 1}.
 *
 * <p>Only the start is gated: once ready, the gate stays open for good (a later readiness dip, e.g. a rebalance, is
 * for {@code /ok} and the probes to report). Health, {@code /ok}, {@code /info} and the docs are never held.
 * Readiness (in-memory health indicators) is checked when a request arrives at a closed gate, then, while requests
 * wait, every {@link #CHECK} on a timer (never waiting on an event loop); an idle server checks nothing.
 */
final class StartupGate implements WebFilter, Ordered {

    static final Duration CHECK = Duration.ofMillis(20);
    private static final PathPatternParser PARSER = new PathPatternParser();
    private static final List<PathPattern> NEVER_HELD = List.of("/ok", "/info", "/actuator/**", "/docs/**",
            "/openapi.json", "/swagger-ui/**", "/webjars/**").stream().map(PARSER::parse).toList();

    private final Duration hold;
    private final BooleanSupplier readiness;
    private final Mono<Void> ready;
    private volatile boolean open;

    StartupGate(BooleanSupplier readiness, Duration hold) {
        this.hold = hold;
        this.readiness = readiness;
        // one shared check for every waiting request; cache(): once it has succeeded, later subscribers pass at once
        this.ready = Flux.interval(CHECK, CHECK)
                .filter(tick -> readiness.getAsBoolean())
                .next()
                .doOnNext(tick -> open = true)
                .then()
                .cache();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (open || neverHeld(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        if (readiness.getAsBoolean()) {
            open = true;
            return chain.filter(exchange);
        }
        return ready.timeout(hold, Mono.error(() -> ApiException.unavailable("Not ready yet: the server is starting"
                        + " (see /actuator/health/readiness); retry shortly.", Duration.ofSeconds(1))))
                // not on the timer's thread: Reactor cancels a periodic task whose tick ran before its start returned
                // by interrupting the thread that runs the tick, and the request's first Kafka send, blocked on the
                // topic's metadata there, then failed (InterruptException: a 500)
                .publishOn(Schedulers.boundedElastic())
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    boolean isOpen() {
        return open;
    }

    private static boolean neverHeld(PathContainer path) {
        for (var pattern : NEVER_HELD) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** After the API key check, so an unauthenticated caller learns that first and is never held. */
    @Override
    public int getOrder() {
        return ApiKeyFilter.ORDER + 1;
    }

    /** Spring's filter chain labels a checkpoint with this on every request: a constant, not a new hash string. */
    @Override
    public String toString() {
        return "StartupGate";
    }
}
