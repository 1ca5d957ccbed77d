package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.model.assistants.AssistantRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every assistant, as read from the compacted {@code kgraph.assistants} topic (from its beginning, kept current):
 * the system assistants workers publish (one per graph) and the ones users created, which their single writer (the
 * sequencer) publishes at each change and removes with a tombstone. Small (assistants are configurations, not
 * data), so each gateway holds it all in memory.
 */
public final class AssistantDirectory {
    /** Callers waiting until a write they made shows here (read-your-writes on this gateway), by assistant id. */
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();

    private record Waiter(Predicate<AssistantRecord> until, CompletableFuture<Void> seen) {
    }

    private final Map<String, AssistantRecord> byId = new ConcurrentHashMap<>();
    /** Graph id → its system assistant: saves a SHA-1 (uuid5) per run; only known graphs enter, so it stays small. */
    private final Map<String, AssistantRecord> byGraphId = new ConcurrentHashMap<>();

    public void onRecord(AssistantRecord record) {
        byId.put(record.assistantId(), record);
        if (isSystem(record)) {
            byGraphId.put(record.graphId(), record);
        }
        wakeWaiters(record.assistantId());
    }

    /** A created assistant was deleted (system assistants never are). */
    public void onTombstone(String assistantId) {
        if (assistantId != null) {
            byId.remove(assistantId);
            wakeWaiters(assistantId);
        }
    }

    /** Whether this is a graph's own assistant, published by workers, rather than one a user created. */
    public static boolean isSystem(AssistantRecord record) {
        return record.assistantId().equals(AssistantRecord.systemAssistantId(record.graphId()));
    }

    /**
     * Completes once the assistant's entry here (null when absent) satisfies {@code until}: a write's caller waits
     * for it before answering, so its next read on this gateway sees the write. The caller bounds the wait.
     */
    public CompletableFuture<Void> seen(String assistantId, Predicate<AssistantRecord> until) {
        var waiter = new Waiter(until, new CompletableFuture<>());
        waiters.computeIfAbsent(assistantId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        wakeWaiters(assistantId); // it may be here already: registered first, then checked, so it cannot be missed
        waiter.seen().whenComplete((done, error) -> waiters.computeIfPresent(assistantId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        }));
        return waiter.seen();
    }

    private void wakeWaiters(String assistantId) {
        var waiting = waiters.get(assistantId);
        if (waiting == null) {
            return;
        }
        var current = byId.get(assistantId);
        for (var waiter : waiting) {
            if (waiter.until().test(current)) {
                waiter.seen().complete(null);
            }
        }
    }

    public Optional<AssistantRecord> byId(String assistantId) {
        return Optional.ofNullable(byId.get(assistantId));
    }

    /** The system assistant of a registered graph, by the graph's name. */
    public Optional<AssistantRecord> systemAssistantOf(String graphId) {
        return Optional.ofNullable(byGraphId.get(graphId));
    }

    public Collection<AssistantRecord> all() {
        return byId.values();
    }

    /**
     * Resolves a run's {@code assistant_id}: an assistant UUID, or a graph id (its system assistant). An unknown UUID
     * is 404 like LangGraph Platform; a string that is neither is 422 naming the valid graphs.
     */
    public AssistantRecord resolve(String assistantId) {
        if (Ids.isUuid(assistantId)) {
            return byId(Ids.requireUuid(assistantId, "assistant ID").toString())
                    .orElseThrow(() -> ApiException.notFound("Thread or assistant not found."));
        }
        var system = byGraphId.get(assistantId);
        if (system != null) {
            return system;
        }
        return byId(AssistantRecord.systemAssistantId(assistantId))
                .orElseThrow(() -> ApiException.unprocessable("Invalid assistant: '" + assistantId
                        + "'. Must be either: a valid assistant UUID, or one of the registered graphs: "
                        + byGraphId.keySet().stream().sorted().collect(Collectors.joining(", "))));
    }

    /** Whether a worker registered this graph (its system assistant is known). */
    public boolean hasGraph(String graphId) {
        return byGraphId.containsKey(graphId);
    }
}
