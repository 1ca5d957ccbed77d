package dev.kgraph.worker.sequencer;

/** A pool that never has room: runs stay pending, for sequencer tests about everything but executing them. */
final class NoDispatch implements RunDispatcher {
    @Override
    public boolean tryDispatch(Dispatch dispatch) {
        return false;
    }

    @Override
    public boolean hasCapacity() {
        return false;
    }

    @Override
    public void cancel(String runId, String action) {
    }

    @Override
    public void abandonPartition(int partition) {
    }
}
