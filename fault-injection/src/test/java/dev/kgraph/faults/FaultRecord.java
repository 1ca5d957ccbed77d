package dev.kgraph.faults;

import java.time.Duration;

/**
 * One fault: what was killed, when ({@link System#nanoTime}, to find the client requests in flight at that moment),
 * how long after the kill every partition was served again through the surviving gateways, and how long the killed
 * process took from its restart until it was back in service.
 */
record FaultRecord(String killed, Kind kind, long atNanos, Duration timeToRecover, Duration restartedAndReadyIn,
                   String readyMeans) {

    /** What the fault did, which decides what it must have hit (see {@link FaultChecks}). */
    enum Kind { WORKER_KILLED, GATEWAY_KILLED, BROKER_KILLED, WORKER_PAUSED, WORKER_STOPPED, STANDALONE_KILLED }
}
