package dev.kgraph.faults;

import java.time.Duration;

/**
 * One fault: what was killed, how long after the kill every partition was served again through the surviving
 * gateways, and how long the killed process took from its restart until it was back in service.
 */
record FaultRecord(String killed, Duration timeToRecover, Duration restartedAndReadyIn, String readyMeans) {
}
