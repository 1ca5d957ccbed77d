package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.model.assistants.AssistantRecord;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every assistant, as read from the compacted {@code kgraph.assistants} topic (from its beginning, kept current).
 * Small by nature (one entry per graph), so each gateway holds it all in memory.
 */
public final class AssistantDirectory {
    private final Map<String, AssistantRecord> byId = new ConcurrentHashMap<>();
    /** Graph id → its system assistant: saves a SHA-1 (uuid5) per run; only known graphs enter, so it stays small. */
    private final Map<String, AssistantRecord> byGraphId = new ConcurrentHashMap<>();

    public void onRecord(AssistantRecord record) {
        byId.put(record.assistantId(), record);
        if (record.assistantId().equals(AssistantRecord.systemAssistantId(record.graphId()))) {
            byGraphId.put(record.graphId(), record);
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
                        + all().stream().map(AssistantRecord::graphId).sorted().collect(Collectors.joining(", "))));
    }
}
