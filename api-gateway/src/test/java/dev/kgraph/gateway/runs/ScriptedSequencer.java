package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.api.ApiExceptionAdvice;
import dev.kgraph.gateway.api.JsonErrorWebExceptionHandler;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * A real {@link SequencerClient} whose Kafka producer is replaced by a script standing in for the workers: every request
 * is recorded (with the partition it was sent to) and answered by the script, both passing through the JSON the
 * topics carry, so the controllers see replies exactly as they arrive from Kafka. A script may answer {@code null} to
 * leave a request unanswered.
 */
public final class ScriptedSequencer {
    public static final int PARTITIONS = 3;

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final SequencerClient writer;

    /** A request as it travelled: {@code partition} is {@code null} when Kafka would choose it from the key. */
    public record Sent(Integer partition, ThreadRequest request) {
    }

    public ScriptedSequencer(Function<Sent, Reply> script) {
        var producer = new MockProducer<String, ThreadRequest>() {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, ThreadRequest> record,
                                                            Callback callback) {
                var request = Json.read(Json.write(record.value()), ThreadRequest.class);
                var delivered = new Sent(record.partition(), request);
                sent.add(delivered);
                var metadata = new RecordMetadata(new TopicPartition(record.topic(),
                        record.partition() == null ? 0 : record.partition()), 0, 0, 0, 0, 0);
                callback.onCompletion(metadata, null);
                var reply = script.apply(delivered);
                if (reply != null) {
                    writer().onReply(Json.read(Json.write(reply), Reply.class));
                }
                return CompletableFuture.completedFuture(metadata);
            }

            @Override
            public List<PartitionInfo> partitionsFor(String topic) {
                return IntStream.range(0, PARTITIONS)
                        .mapToObj(partition -> new PartitionInfo(topic, partition, null, null, null)).toList();
            }
        };
        this.writer = new SequencerClient(producer, "gateway-under-test", Duration.ofSeconds(5), 100);
    }

    public SequencerClient writer() {
        return writer;
    }

    /** Every request sent so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<ThreadRequest> requests() {
        return sent.stream().map(Sent::request).toList();
    }

    public static Reply ok(ThreadRequest request, Object body) {
        return Reply.ok(request.requestId(), request.replyTo(), body);
    }

    public static Reply failed(ThreadRequest request, Reply.Outcome outcome, String detail) {
        return Reply.failed(request.requestId(), request.replyTo(), outcome, detail);
    }

    /** A client for {@code controller} with the gateway's JSON error handling, as in the running server. */
    public static WebTestClient clientFor(Object controller) {
        return WebTestClient.bindToController(controller)
                .controllerAdvice(new ApiExceptionAdvice())
                .apply(new MockServerConfigurer() {
                    @Override
                    public void beforeServerCreated(WebHttpHandlerBuilder builder) {
                        builder.exceptionHandlers(handlers -> handlers.addFirst(new JsonErrorWebExceptionHandler()));
                    }
                })
                .build();
    }

    /**
     * A client for {@code controller} and its functional {@code routes} (consulted first, as in the running server),
     * with the gateway's JSON error handling.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static WebTestClient clientFor(Object controller, RouterFunction<?> routes) {
        var context = new AnnotationConfigApplicationContext();
        context.register(WebFlux.class);
        context.registerBean("controller", (Class) controller.getClass(), () -> controller);
        context.registerBean("routes", RouterFunction.class, () -> routes);
        context.registerBean(ApiExceptionAdvice.class, ApiExceptionAdvice::new);
        context.registerBean(JsonErrorWebExceptionHandler.class, JsonErrorWebExceptionHandler::new);
        context.refresh();
        return WebTestClient.bindToApplicationContext(context).build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    static class WebFlux {
    }
}
