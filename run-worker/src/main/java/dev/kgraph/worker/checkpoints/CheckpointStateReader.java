package dev.kgraph.worker.checkpoints;

import dev.kgraph.graph.CheckpointDeltas;
import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.StateSnapshot;
import dev.kgraph.graph.StateSnapshots;
import dev.kgraph.model.json.Json;
import dev.kgraph.worker.sequencer.StateReader;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** Answers state reads from stored checkpoints with the graph runtime's snapshot rules, without any graph. */
public final class CheckpointStateReader implements StateReader {

    @Override
    public byte[] whole(byte[] stored, Stored lookup) {
        return CheckpointDeltas.whole(stored, lookup::get);
    }

    @Override
    public java.util.Set<String> basesOf(byte[] stored) {
        if (!CheckpointDeltas.isDelta(stored)) {
            return java.util.Set.of();
        }
        var ids = new java.util.HashSet<String>();
        CheckpointDeltas.read(stored).bases().values().forEach(base -> ids.add(base.checkpointId()));
        return ids;
    }

    @Override
    public Map<String, Object> snapshot(byte[] checkpoint) {
        return StateSnapshots.of(CheckpointJson.fromBytes(checkpoint)).toJsonWithInterrupts();
    }

    @Override
    public Map<String, Object> currentSnapshot(byte[] checkpoint) {
        return StateSnapshots.ofLatest(CheckpointJson.fromBytes(checkpoint)).toJsonWithInterrupts();
    }

    @Override
    public Map<String, Object> emptySnapshot() {
        return StateSnapshot.empty().toJsonWithInterrupts();
    }

    @Override
    public boolean metadataMatches(byte[] checkpoint, Map<String, Object> filter) {
        var metadata = StateSnapshots.of(CheckpointJson.fromBytes(checkpoint)).metadata();
        if (metadata == null) {
            return filter.isEmpty();
        }
        return filter.entrySet().stream()
                .allMatch(e -> metadata.containsKey(e.getKey()) && Objects.equals(metadata.get(e.getKey()), e.getValue()));
    }

    @Override
    public String runIdOf(byte[] checkpoint) {
        var extra = CheckpointDeltas.read(checkpoint).tuple().metadata().extra();
        return extra.get("run_id") instanceof String runId ? runId : null;
    }

    @Override
    public ThreadState threadStateOf(byte[] checkpoint) {
        var snapshot = StateSnapshots.ofLatest(CheckpointJson.fromBytes(checkpoint));
        var interrupts = new java.util.LinkedHashMap<String, java.util.List<Object>>();
        for (var task : snapshot.tasks()) {
            if (!task.interrupts().isEmpty()) {
                interrupts.put(task.id(), task.interrupts().stream().map(i -> (Object) i.toJson()).toList());
            }
        }
        return new ThreadState(snapshot.values(), !snapshot.next().isEmpty(), interrupts);
    }

    @Override
    public byte[] forThread(byte[] checkpoint, String threadId) {
        var t = CheckpointJson.fromBytes(checkpoint);
        return CheckpointJson.toBytes(new dev.kgraph.graph.CheckpointTuple(threadId, t.checkpointNs(), t.checkpoint(),
                t.metadata(), t.parentCheckpointId(), t.pendingWrites(), t.next()));
    }

    @Override
    public byte[] toBytes(JsonNode checkpoint) {
        return Json.write(checkpoint);
    }
}
