package dev.kgraph.graph.internals;

import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.Durability;
import dev.kgraph.graph.PendingWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hands one run's checkpoints and pending writes to the saver according to the durability mode: SYNC waits for
 * each call, ASYNC issues them in order and waits for all in {@link #flush}, EXIT keeps only the last checkpoint
 * (and writes against it or against the checkpoint the run started from) until {@link #flush}.
 */
final class CheckpointWriter {
    private final CheckpointSaver saver;
    private final String threadId;
    private final String ns;
    private final Durability durability;
    private final List<CompletableFuture<Void>> futures = new ArrayList<>();
    private CheckpointTuple exitTuple;
    private final List<Map.Entry<String, List<PendingWrite>>> exitWrites = new ArrayList<>();

    CheckpointWriter(CheckpointSaver saver, String threadId, String ns, Durability durability) {
        this.saver = saver;
        this.threadId = threadId;
        this.ns = ns;
        this.durability = durability;
    }

    void put(CheckpointTuple tuple) {
        if (saver == null) {
            return;
        }
        if (durability == Durability.EXIT) {
            exitTuple = tuple;
            exitWrites.clear();
            return;
        }
        track(saver.put(tuple));
    }

    void putWrites(String checkpointId, List<PendingWrite> writes) {
        if (saver == null || writes.isEmpty()) {
            return;
        }
        if (durability == Durability.EXIT) {
            exitWrites.add(Map.entry(checkpointId, writes));
            return;
        }
        track(saver.putWrites(threadId, ns, checkpointId, writes));
    }

    private void track(CompletableFuture<Void> f) {
        if (durability == Durability.SYNC) {
            f.join();
        } else {
            futures.add(f);
        }
    }

    /**
     * Saves what EXIT kept back (the last checkpoint, parented to {@code loadedId}) and waits for every call.
     *
     * @throws java.util.concurrent.CompletionException when the saver failed
     */
    void flush(String loadedId) {
        if (saver != null && durability == Durability.EXIT) {
            if (exitTuple != null) {
                futures.add(saver.put(new CheckpointTuple(exitTuple.threadId(), exitTuple.checkpointNs(),
                        exitTuple.checkpoint(), exitTuple.metadata(), loadedId, List.of(), exitTuple.next())));
            }
            for (Map.Entry<String, List<PendingWrite>> e : exitWrites) {
                boolean stored = (exitTuple != null && e.getKey().equals(exitTuple.checkpointId()))
                        || e.getKey().equals(loadedId);
                if (stored) {
                    futures.add(saver.putWrites(threadId, ns, e.getKey(), e.getValue()));
                }
            }
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
    }
}
