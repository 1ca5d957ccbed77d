package dev.kgraph.gateway.requests;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.RequestDeadline;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Asks the single writer of a thread and returns its reply: the request is published keyed by thread id, the
 * reply arrives on {@code kgraph.replies} addressed to this gateway. The waiter is registered before the request is
 * sent and removed on reply, on timeout (503) or when the caller goes away; their number is bounded.
 */
public final class SequencerClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SequencerClient.class);

    private final Producer<String, ThreadRequest> producer;
    private final String instanceId;
    private final Duration timeout;
    private final int maxPending;
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();

    public SequencerClient(Producer<String, ThreadRequest> producer, String instanceId, Duration timeout, int maxPending) {
        this.producer = producer;
        this.instanceId = instanceId;
        this.timeout = timeout;
        this.maxPending = maxPending;
    }

    /** Sends the request built from a fresh request id and this gateway's address. */
    public Mono<Reply> ask(RequestFactory factory) {
        return ask(factory, null);
    }

    /**
     * Sends one request to every partition of {@code kgraph.requests} (scatter) and gathers the replies, for
     * questions no single thread's writer can answer (thread search, cancelling runs by status).
     */
    public reactor.core.publisher.Flux<Reply> askEveryPartition(RequestFactory factory) {
        int partitions = producer.partitionsFor(Topics.REQUESTS.name()).size();
        return reactor.core.publisher.Flux.range(0, partitions).flatMap(partition -> ask(factory, partition));
    }

    private Mono<Reply> ask(RequestFactory factory, Integer partition) {
        return Mono.defer(() -> {
            if (pending.size() >= maxPending) {
                return Mono.error(ApiException.unavailable("Too many requests in flight; retry shortly.",
                        Duration.ofSeconds(1)));
            }
            var requestId = UUID.randomUUID().toString();
            var reply = new CompletableFuture<Reply>();
            pending.put(requestId, reply);
            var request = factory.create(requestId, instanceId);
            var record = new ProducerRecord<>(Topics.REQUESTS.name(), partition, request.threadId(), request);
            // past it this gateway answers 503: a sequencer that reads the request later need not act on it
            RequestDeadline.stamp(record.headers(), System.currentTimeMillis() + timeout.toMillis());
            try {
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(notAccepted(error));
                    }
                });
            } catch (KafkaException refused) {
                // thrown, not reported: e.g. interrupted while waiting for the topic's metadata; as transient as a
                // reported failure, so the same 503, never a 500
                reply.completeExceptionally(notAccepted(refused));
            }
            return Mono.fromFuture(reply, true)
                    .timeout(timeout)
                    .onErrorMap(TimeoutException.class, late -> ApiException.unavailable(
                            "No worker answered within " + timeout.toSeconds() + " s; retry shortly.",
                            Duration.ofSeconds(1)))
                    .doFinally(signal -> pending.remove(requestId));
        });
    }

    private static ApiException notAccepted(Exception failure) {
        if (failure instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
            // not transient: the same request would be refused again
            return ApiException.tooLarge();
        }
        return ApiException.unavailable("Kafka did not accept the request: " + failure.getMessage(),
                Duration.ofSeconds(1));
    }

    /**
     * The {@code runs/wait} body of a run that has ended, asked of its thread's writer ({@code JoinRun}): for a
     * completion whose values this gateway did not keep ({@link RunCompletions}).
     */
    public java.util.concurrent.CompletableFuture<Object> bodyOfEndedRun(String threadId, String runId) {
        return ask((requestId, replyTo) -> new ThreadRequest.JoinRun(requestId, threadId, replyTo, runId))
                .flatMap(requireOk())
                .<Object>handle((reply, sink) -> {
                    if (reply.outcome() == Reply.Outcome.OK) {
                        sink.next(reply.body() == null ? java.util.Map.of() : reply.body());
                    } else {
                        sink.error(new IllegalStateException("run " + runId + " completed, but its writer answered"
                                + " its join with " + reply.outcome()));
                    }
                })
                .toFuture();
    }

    /** Called by the replies tail for every reply; keeps those addressed to this gateway. */
    public void onReply(Reply reply) {
        if (!instanceId.equals(reply.replyTo())) {
            return;
        }
        var waiter = pending.remove(reply.requestId());
        if (waiter != null) {
            waiter.complete(reply);
        } else {
            log.debug("late reply {} (its caller already gave up)", reply.requestId());
        }
    }

    /** Requests sent and still waiting for their reply. */
    public int pending() {
        return pending.size();
    }

    /** The request producer, for its metrics only (Micrometer's {@code KafkaClientMetrics}). */
    public Producer<String, ThreadRequest> metricsSource() {
        return producer;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Stops the producer; without it a stopped gateway's producer would keep reconnecting to the cluster. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Builds a request from its id and the reply address. */
    @FunctionalInterface
    public interface RequestFactory {
        ThreadRequest create(String requestId, String replyTo);
    }

    /** Maps a non-OK reply to the HTTP error the API specifies. */
    public static Function<Reply, Mono<Reply>> requireOk() {
        return reply -> switch (reply.outcome()) {
            case OK, PENDING -> Mono.just(reply);
            case NOT_FOUND -> Mono.error(ApiException.notFound(reply.detail()));
            case CONFLICT -> Mono.error(ApiException.conflict(reply.detail()));
            case BAD_REQUEST -> Mono.error(ApiException.badRequest(reply.detail()));
            case UNPROCESSABLE -> Mono.error(ApiException.unprocessable(reply.detail()));
        };
    }
}
