package dev.kgraph.worker.execution;

import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.worker.checkpoints.CheckpointSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread's checkpoints (root namespace) as its writer stores them: each reported end's checkpoints kept as sent,
 * by id, the latest being the greatest id. Counts the reads by id, which are the bases a stored delta continues when
 * an execution decodes it from the store.
 */
final class StoredCheckpoints implements CheckpointSource {
    final TreeMap<String, byte[]> byId = new TreeMap<>();
    final AtomicInteger readsById = new AtomicInteger();

    /** Stores the checkpoints {@code end} reported, as the writer does when it reads the end. */
    void keep(RunProgress.RunFinished end) {
        for (var saved : end.checkpoints()) {
            byId.put(saved.checkpointId(), saved.tuple().bytes());
        }
    }

    @Override
    public Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId) {
        readsById.incrementAndGet();
        return Optional.ofNullable(byId.get(checkpointId));
    }

    @Override
    public Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs) {
        return Optional.ofNullable(byId.lastEntry()).map(Map.Entry::getValue);
    }
}
