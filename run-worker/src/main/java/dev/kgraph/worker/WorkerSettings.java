package dev.kgraph.worker;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker settings ({@code kgraph.worker.*}).
 *
 * @param applicationId     Kafka Streams application id: workers with the same id share the threads between them
 * @param stateDir          where Kafka Streams keeps its local stores (rebuilt from changelogs when lost); keep it out of /tmp
 * @param streamThreads     Kafka Streams threads; each owns some partitions' sequencer tasks
 * @param maxConcurrentRuns graph executions running at once in this process; further runs wait for a slot
 * @param commitInterval    how often Kafka Streams commits offsets and flushes the stores; replies do not wait for it
 *                          (at-least-once), only the amount of input re-read after a crash grows with it
 * @param runTimeout        a run still executing after this long is stopped and ends {@code timeout}
 *                          (LangGraph Platform: BG_JOB_TIMEOUT_SECS, one hour)
 */
@ConfigurationProperties("kgraph.worker")
public record WorkerSettings(@DefaultValue("kgraph-sequencer") String applicationId,
                             @DefaultValue(".kgraph-data/streams") Path stateDir,
                             @DefaultValue("1") int streamThreads,
                             @DefaultValue("1000") int maxConcurrentRuns,
                             @DefaultValue("5s") java.time.Duration commitInterval,
                             @DefaultValue("1h") java.time.Duration runTimeout) {
}
