package dev.kgraph.worker;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker settings ({@code kgraph.worker.*}).
 *
 * @param applicationId     Kafka Streams application id: workers with the same id share the threads between them
 * @param stateDir          where Kafka Streams keeps its local stores (rebuilt from changelogs when lost); keep it out of /tmp
 * @param streamThreads     Kafka Streams threads; each owns some partitions' sequencer tasks
 * @param maxConcurrentRuns graph executions running at once in this process; further runs stay {@code pending} in
 *                          their threads' queues (in Kafka) until a slot frees (LangGraph Platform: N_JOBS_PER_WORKER)
 * @param commitInterval    how often Kafka Streams commits offsets (since Kafka 4.3 without flushing the stores);
 *                          replies do not wait for it (at-least-once), only the amount of input re-read after a
 *                          crash grows with it
 * @param runTimeout        a run still executing after this long is stopped and ends {@code timeout}
 *                          (LangGraph Platform: BG_JOB_TIMEOUT_SECS, one hour)
 * @param maxAttempts       executions of one run that may die with their worker; when the last one dies too the run
 *                          ends {@code error} instead of crashing yet another worker
 * @param sessionTimeout    how long the group waits before a silent worker's partitions move to the others (Kafka's
 *                          45 s default would leave a crashed worker's runs stalled that long); heartbeats go at a
 *                          third of it. The brokers' {@code group.min.session.timeout.ms} (6 s) is the floor
 * @param standbyReplicas   warm copies of each partition's stores on other workers, so a take-over starts at once
 *                          instead of replaying changelogs
 * @param exactlyOnce       Kafka Streams {@code exactly_once_v2} (the default) instead of at-least-once: each decision's
 *                          writes (a thread entry, run entries, events, replies) become visible together or not at
 *                          all, a worker killed mid-decision leaves nothing half-written, and a sequencer that lost
 *                          its partitions but still runs (a zombie) is fenced by Kafka's transactions. Costs latency:
 *                          every reply and completion waits for a transaction commit. The standalone server turns
 *                          it off (one process, latency first); see docs/reliability.md
 * @param exactlyOnceCommitInterval the commit interval under {@code exactlyOnce} (replaces {@code commitInterval}): how
 *                          long a decision on a record that queued waits for its transaction, which batches a backlog
 *                          into few transactions. A commit costs broker round trips and a marker per partition
 *                          written; with an interval shorter than a commit, each transaction carries one record per
 *                          partition or so, and the workers' throughput collapses as they are added (docs/benchmarks.md,
 *                          section 4)
 * @param exactlyOnceEagerCommitAge under {@code exactlyOnce}, a record decided at most this long after it was written
 *                          (it did not queue) is committed at once instead of at the end of the interval: an idle
 *                          worker answers at the latency of one commit
 * @param rocksdbMemory     off-heap memory of all the worker's RocksDB stores together (block cache, index and filter
 *                          blocks, and memtables, which may take a quarter of it); without a bound RocksDB's memory
 *                          grows with the partitions a worker owns. Size a container as heap + this + about 300 MB
 * @param checkpointHoldBack  how long an execution under {@code durability=async} or {@code exit} holds its
 *                            checkpoints back; a run that ends sooner reports them with its end in one record (one
 *                            progress record per short run instead of one per checkpoint and step). Async durability
 *                            allows losing them with the worker; {@code sync} runs never hold back
 * @param exitOnStreamsError  exit the process (status 70) when Kafka Streams fails for good ({@code ERROR}: every stream
 *                            thread died), so that a restart policy brings up a fresh worker; its partitions move to
 *                            the others meanwhile
 * @param purgeInterval       how often the records of {@code kgraph.requests} and {@code kgraph.progress} that the
 *                            sequencer has committed past are deleted ({@code ConsumedInputPurge}); zero keeps them for
 *                            their time retention (a day)
 * @param groupInstanceId     a name of this worker that stays the same across its restarts and is unique in the
 *                            cluster (a StatefulSet pod's name), or none: Kafka's static group membership. A worker
 *                            restarted after a crash then takes its partitions back at once, where a worker without
 *                            one waits for its dead self's session to expire ({@code sessionTimeout}) before its
 *                            sequencers run again. The standalone server sets it (one worker, always the same)
 */
@ConfigurationProperties("kgraph.worker")
public record WorkerSettings(@DefaultValue("kgraph-sequencer") String applicationId,
                             @DefaultValue(".kgraph-data/streams") Path stateDir,
                             @DefaultValue("1") int streamThreads,
                             @DefaultValue("1000") int maxConcurrentRuns,
                             @DefaultValue("5s") java.time.Duration commitInterval,
                             @DefaultValue("1h") java.time.Duration runTimeout,
                             @DefaultValue("3") int maxAttempts,
                             @DefaultValue("10s") java.time.Duration sessionTimeout,
                             @DefaultValue("1") int standbyReplicas,
                             @DefaultValue("true") boolean exactlyOnce,
                             @DefaultValue("100ms") java.time.Duration exactlyOnceCommitInterval,
                             @DefaultValue("20ms") java.time.Duration exactlyOnceEagerCommitAge,
                             @DefaultValue("128MB") org.springframework.util.unit.DataSize rocksdbMemory,
                             @DefaultValue("true") boolean exitOnStreamsError,
                             @DefaultValue("50ms") java.time.Duration checkpointHoldBack,
                             @DefaultValue("30s") java.time.Duration purgeInterval,
                             @Nullable String groupInstanceId) {

    public WorkerSettings {
        if (rocksdbMemory.toMegabytes() < 1) {
            throw new IllegalArgumentException("kgraph.worker.rocksdb-memory must be at least 1MB");
        }
        if (exactlyOnceEagerCommitAge.isNegative() || exactlyOnceCommitInterval.isNegative()) {
            throw new IllegalArgumentException("kgraph.worker.exactly-once-commit-interval and"
                    + " exactly-once-eager-commit-age must not be negative");
        }
        if (maxConcurrentRuns < 1 || maxAttempts < 1 || streamThreads < 1 || standbyReplicas < 0) {
            throw new IllegalArgumentException("kgraph.worker: max-concurrent-runs, max-attempts and stream-threads"
                    + " must be at least 1, standby-replicas at least 0");
        }
    }
}
