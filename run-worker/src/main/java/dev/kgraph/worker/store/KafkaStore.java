package dev.kgraph.worker.store;

import dev.kgraph.graph.store.BaseStore;
import dev.kgraph.graph.store.StoreItem;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.store.StoreAddress;
import dev.kgraph.model.store.StoreNamespaces;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The store of graph nodes in a worker: each call is a request on {@code kgraph.requests} to the single writer of the
 * item's partition (which may be another worker), and the caller's virtual thread blocks until the reply arrives on
 * {@code kgraph.replies}. A put returns once the writer stored the item, so what a node writes, any later read sees.
 * Searches and namespace listings ask every partition and merge, as the gateway does. Waiters are registered before
 * the request is sent, bounded in number, and dropped on reply or timeout.
 */
public final class KafkaStore implements BaseStore, AutoCloseable {
    private final Producer<String, ThreadRequest> producer;
    private final StoreReplies replies;
    private final String instanceId;
    private final Duration timeout;
    private final int maxPending;
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();

    public KafkaStore(Producer<String, ThreadRequest> producer, String bootstrapServers, Duration timeout,
                      int maxPending) {
        this.producer = producer;
        this.instanceId = "worker-store-" + UUID.randomUUID();
        this.replies = new StoreReplies(bootstrapServers, instanceId, this::onReply);
        this.timeout = timeout;
        this.maxPending = maxPending;
    }

    @Override
    public StoreItem get(List<String> namespace, String key) {
        requireLabels(namespace);
        var reply = ask(id -> new ThreadRequest.GetStoreItem(id, StoreAddress.routingKey(namespace, key),
                instanceId, namespace, key, true), null);
        return reply.body() instanceof Map<?, ?> item ? StoreItems.item(item) : null;
    }

    @Override
    public void put(List<String> namespace, String key, Map<String, Object> value, Double ttlMinutes) {
        StoreNamespaces.itemNamespaceProblem(namespace).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        ask(id -> new ThreadRequest.PutStoreItem(id, StoreAddress.routingKey(namespace, key), instanceId,
                List.copyOf(namespace), key, value, ttlMinutes), null);
    }

    @Override
    public void delete(List<String> namespace, String key) {
        requireLabels(namespace);
        ask(id -> new ThreadRequest.DeleteStoreItem(id, StoreAddress.routingKey(namespace, key), instanceId,
                List.copyOf(namespace), key), null);
    }

    @Override
    public List<StoreItem> search(List<String> namespacePrefix, Map<String, Object> filter, int limit, int offset) {
        requireLabels(namespacePrefix);
        var bodies = askEveryPartition(id -> new ThreadRequest.SearchStoreItems(id, StoreAddress.EVERY_PARTITION,
                instanceId, List.copyOf(namespacePrefix), filter, offset + limit, true));
        return StoreItems.mergeItems(bodies, offset, limit);
    }

    @Override
    public List<List<String>> listNamespaces(List<String> prefix, List<String> suffix, Integer maxDepth, int limit,
                                             int offset) {
        var bodies = askEveryPartition(id -> new ThreadRequest.ListStoreNamespaces(id, StoreAddress.EVERY_PARTITION,
                instanceId, prefix, suffix, maxDepth, offset + limit));
        return StoreItems.mergeNamespaces(bodies, offset, limit);
    }

    private List<Object> askEveryPartition(java.util.function.Function<String, ThreadRequest> request) {
        int partitions = producer.partitionsFor(Topics.REQUESTS.name()).size();
        var futures = new ArrayList<CompletableFuture<Reply>>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            futures.add(send(request, partition));
        }
        var bodies = new ArrayList<Object>(partitions);
        for (var future : futures) {
            bodies.add(await(future).body());
        }
        return bodies;
    }

    private Reply ask(java.util.function.Function<String, ThreadRequest> request, Integer partition) {
        return await(send(request, partition));
    }

    private CompletableFuture<Reply> send(java.util.function.Function<String, ThreadRequest> request,
                                          Integer partition) {
        replies.ensureStarted();
        if (pending.size() >= maxPending) {
            throw new IllegalStateException("Too many store calls in flight on this worker (" + maxPending + ")");
        }
        var requestId = UUID.randomUUID().toString();
        var reply = new CompletableFuture<Reply>();
        pending.put(requestId, reply);
        var message = request.apply(requestId);
        producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), partition, message.threadId(), message),
                (meta, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    }
                });
        reply.whenComplete((r, e) -> pending.remove(requestId)); // a timeout cancels it: removed then too
        return reply;
    }

    private Reply await(CompletableFuture<Reply> future) {
        try {
            var reply = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return switch (reply.outcome()) {
                case OK, PENDING -> reply;
                case BAD_REQUEST, UNPROCESSABLE -> throw new IllegalArgumentException(reply.detail());
                case NOT_FOUND, CONFLICT -> throw new IllegalStateException(reply.detail());
            };
        } catch (TimeoutException late) {
            future.cancel(false);
            throw new IllegalStateException("The store did not answer within " + timeout.toSeconds() + " s", late);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("The store request failed: " + failed.getCause().getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new java.util.concurrent.CancellationException("interrupted while waiting for the store");
        }
    }

    void onReply(Reply reply) {
        if (instanceId.equals(reply.replyTo())) {
            var waiter = pending.get(reply.requestId());
            if (waiter != null) {
                waiter.complete(reply);
            }
        }
    }

    private static void requireLabels(List<String> labels) {
        StoreNamespaces.labelProblem(labels).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    @Override
    public void close() {
        replies.close();
        producer.close(Duration.ofSeconds(5));
    }
}
