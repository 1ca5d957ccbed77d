package dev.kgraph.worker.sequencer;

/**
 * Keys of the sequencer's stores. Run ids (uuid7) and checkpoint ids (time-ordered) sort by creation time as strings,
 * so a range scan over a thread's prefix lists its runs or checkpoints in order without any index.
 */
final class StoreKeys {
    /** Sorts after every character used in ids, closing a prefix range. */
    static final String END = "\uffff";

    private StoreKeys() {
    }

    static String run(String threadId, String runId) {
        return threadId + "/" + runId;
    }

    static String runsFrom(String threadId) {
        return threadId + "/";
    }

    static String runsTo(String threadId) {
        return threadId + "/" + END;
    }

    static String checkpoint(String threadId, String checkpointNs, String checkpointId) {
        return threadId + "/" + checkpointNs + "/" + checkpointId;
    }

    static String checkpointsFrom(String threadId, String checkpointNs) {
        return threadId + "/" + checkpointNs + "/";
    }

    static String checkpointsTo(String threadId, String checkpointNs) {
        return threadId + "/" + checkpointNs + "/" + END;
    }

    /** Everything stored for a thread, every namespace included. */
    static String threadTo(String threadId) {
        return threadId + "/" + END;
    }
}
