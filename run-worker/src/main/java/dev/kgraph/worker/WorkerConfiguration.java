package dev.kgraph.worker;

import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.events.LocalRunValues;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.topics.ProducerDefaults;
import dev.kgraph.model.topics.TopicCreationConfiguration;
import dev.kgraph.model.topics.TopicLayout;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.worker.assistants.AssistantPublisher;
import dev.kgraph.worker.assistants.PublishedAssistants;
import dev.kgraph.worker.checkpoints.CheckpointSource;
import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import dev.kgraph.worker.checkpoints.GraphStateUpdater;
import dev.kgraph.worker.execution.ExecutionListener;
import dev.kgraph.worker.execution.ProgressPublisher;
import dev.kgraph.worker.execution.RunExecutor;
import dev.kgraph.worker.execution.StreamPublisher;
import dev.kgraph.worker.graphs.GraphProvider;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.CommitPacing;
import dev.kgraph.worker.sequencer.ConsumedInputPurge;
import dev.kgraph.worker.sequencer.RunObserver;
import dev.kgraph.worker.sequencer.SequencerRocksDbConfig;
import dev.kgraph.worker.sequencer.SequencerStores;
import dev.kgraph.worker.sequencer.SequencerStreams;
import dev.kgraph.worker.sequencer.SequencerTopology;
import dev.kgraph.worker.sequencer.SequencerWakeUps;
import dev.kgraph.worker.store.KafkaStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the worker: topics, the sequencer's Kafka Streams app, the execution pool and the assistant registry. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerSettings.class)
@PropertySource("classpath:kgraph-worker-defaults.properties")
@Import(TopicCreationConfiguration.class)
public class WorkerConfiguration {

    /** How long the restore consumer's fetches are held when the worker keeps no standbys (see streamsConfig). */
    static final int RESTORE_FETCH_WAIT_MS = 10;

    @Bean
    Clock workerClock() {
        return Clock.systemUTC();
    }



    @Bean
    GraphRegistry graphRegistry(List<GraphProvider> providers) {
        return new GraphRegistry(providers);
    }

    @Bean(destroyMethod = "close")
    ProgressPublisher progressPublisher(KafkaProperties kafka) {
        return new ProgressPublisher(new KafkaProducer<>(producerConfig(kafka),
                Topics.PROGRESS.keySerde().serializer(), ProgressPublisher.serializer()));
    }

    @Bean(destroyMethod = "close")
    StreamPublisher streamPublisher(KafkaProperties kafka) {
        return new StreamPublisher(new KafkaProducer<>(producerConfig(kafka),
                Topics.STREAM.keySerde().serializer(), Topics.STREAM.valueSerde().serializer()));
    }

    @Bean
    SequencerStreams sequencerStreams(KafkaProperties kafka, WorkerSettings settings, Environment env,
                                      ObjectProvider<RunExecutor> executor, GraphRegistry graphs, Clock workerClock,
                                      ObjectProvider<RunObserver> observer) {
        var layout = TopicLayout.fromProperties(env::getProperty);
        var wakeUps = new SequencerWakeUps();
        // under exactly-once a decision on a record that did not queue is committed at once, a backlog at the interval
        var pacing = settings.exactlyOnce() ? CommitPacing.eagerWhileFresh(settings.exactlyOnceEagerCommitAge())
                : CommitPacing.AT_INTERVAL;
        return new SequencerStreams(() -> SequencerTopology.build(executor.getObject(), settings.maxAttempts(), new CheckpointStateReader(),
                new GraphStateUpdater(graphs), workerClock, observer.getIfAvailable(() -> RunObserver.NONE), wakeUps,
                pacing), streamsConfig(kafka, settings, layout), wakeUps);
    }

    /**
     * The sequencer's changelogs, created with the other topics when the context starts rather than by Kafka Streams
     * in its first rebalance, which then waited some 0.8 s for them to be ready on a fresh cluster.
     */
    @Bean
    KafkaAdmin.NewTopics sequencerChangelogs(WorkerSettings settings, Environment env) {
        return new KafkaAdmin.NewTopics(TopicLayout.fromProperties(env::getProperty)
                .changelogs(settings.applicationId(), SequencerStores.ALL).toArray(NewTopic[]::new));
    }

    /** Deletes the requests and progress records the sequencer has committed past (docs/topics.md). */
    @Bean
    ConsumedInputPurge consumedInputPurge(KafkaProperties kafka, WorkerSettings settings) {
        return new ConsumedInputPurge(() -> Admin.create(kafka.buildAdminProperties()), settings.applicationId(),
                settings.purgeInterval());
    }

    @Bean(destroyMethod = "close")
    RunExecutor runExecutor(GraphRegistry graphs, ProgressPublisher progress, SequencerStreams streams,
                            WorkerSettings settings, Clock workerClock,
                            ObjectProvider<ExecutionListener> listener, StreamPublisher streamPublisher,
                            KafkaStore store, ObjectProvider<LocalRunValues> localWaiters) {
        CheckpointSource source = new CheckpointSource() {
            @Override
            public Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId) {
                return streams.readCheckpoint(partition,
                        SequencerStreams.checkpointKey(threadId, checkpointNs, checkpointId));
            }

            @Override
            public Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs) {
                return streams.readLatestCheckpoint(partition, threadId, checkpointNs);
            }
        };
        var executor = new RunExecutor(graphs, progress, source, workerClock, settings.maxConcurrentRuns(),
                settings.runTimeout(), streams::isStopping).withStreams(streamPublisher).withStore(store)
                .withCheckpointHoldBack(settings.checkpointHoldBack());
        listener.ifAvailable(executor::setListener);
        localWaiters.ifAvailable(executor::withLocalWaiters); // the standalone server's gateway
        return executor;
    }

    /** The store graph nodes use; its reply reader starts on the first call from a node. */
    @Bean(destroyMethod = "close")
    KafkaStore nodeStore(KafkaProperties kafka) {
        return new KafkaStore(new KafkaProducer<>(producerConfig(kafka), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer()), String.join(",", kafka.getBootstrapServers()),
                java.time.Duration.ofSeconds(30), 10_000);
    }

    @Bean
    PublishedAssistants publishedAssistants() {
        return new PublishedAssistants();
    }

    @Bean
    ApplicationRunner publishAssistants(GraphRegistry graphs, KafkaProperties kafka, Clock workerClock,
                                        PublishedAssistants published) {
        return args -> {
            try (var producer = new KafkaProducer<String, AssistantRecord>(producerConfig(kafka),
                    Topics.ASSISTANTS.keySerde().serializer(), Topics.ASSISTANTS.valueSerde().serializer())) {
                new AssistantPublisher(graphs, producer, workerClock).publishAll();
            }
            published.published(List.copyOf(graphs.providers().keySet()));
        };
    }

    static Map<String, Object> producerConfig(KafkaProperties kafka) {
        return ProducerDefaults.durableLowLatency(kafka.buildProducerProperties(),
                String.join(",", kafka.getBootstrapServers()));
    }

    static Properties streamsConfig(KafkaProperties kafka, WorkerSettings settings, TopicLayout layout) {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) layout.replicationFactor());
        // exactly-once by default: a decision writes several store entries, whose changelog records must not be
        // split by a crash (the fault-injection test lost runs that way under at-least-once). At-least-once with
        // idempotent processing (runs keyed by id, progress fenced by attempt) answers at Kafka's latency floor
        // instead of a transaction commit; the standalone server uses it (docs/reliability.md).
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                settings.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        // a commit sends the offsets (and under exactly-once ends the transaction); since Kafka 4.3 (KIP-1035) it no
        // longer flushes the stores' memtables. Rare, unless outputs wait for it (exactly-once: see CommitPacing)
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.exactlyOnce()
                ? settings.exactlyOnceCommitInterval().toMillis() : settings.commitInterval().toMillis());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // the sequencer has no global stores; this only adopts Kafka 5's default now (4.3 warns at start without it).
        // The main consumer gets it too: its partition assignor makes a StreamsConfig of its own from the consumer's
        // configs, which would warn again
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
        // requests and progress are independent streams: never hold one back waiting for the other
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // a busy stream thread wakes at least this often, so wall-clock punctuations (after_seconds) fire on time; an
        // idle one sleeps until its sequencers' next wake-up instead (SequencerWakeUps)
        props.put(StreamsConfig.POLL_MS_CONFIG, 20L);
        // linger.ms: the stream threads' producers set their own (PollBatchedProducer: what a thread's loop sent
        // leaves together before its next poll)
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // a thread's entry, a checkpoint, a completion carry the thread's whole state: records as large as any process
        // writes, on changelogs that accept them
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                dev.kgraph.model.topics.ProducerDefaults.MAX_RECORD_BYTES);
        props.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                String.valueOf(dev.kgraph.model.topics.ProducerDefaults.MAX_RECORD_BYTES));
        // changelogs, replies, events: compressed as every other producer (spring.kafka.producer.compression-type)
        var producerProperties = kafka.buildProducerProperties();
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                dev.kgraph.model.topics.ProducerDefaults.compression(producerProperties));
        if (producerProperties.get(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG) instanceof Object level) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG), level);
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // a worker killed mid-run is noticed after the session timeout; its runs then continue on the others
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis() / 3);
        if (settings.groupInstanceId() != null && !settings.groupInstanceId().isBlank()) {
            // static membership (Kafka Streams appends each stream thread's index); the main consumer only, the one
            // in the group
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    settings.groupInstanceId().trim());
        }
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        if (settings.standbyReplicas() == 0) {
            // without standbys the restore consumer works only while a task restores (at start-up, after a take-over),
            // and each of its fetches on a changelog with nothing to restore was held Kafka's 500 ms: two such waits
            // in every start. With standbys it tails their changelogs all the time, so it keeps the default.
            props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                    RESTORE_FETCH_WAIT_MS);
        }
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SequencerRocksDbConfig.class);
        props.put(SequencerRocksDbConfig.TOTAL_BYTES_CONFIG, settings.rocksdbMemory().toBytes());
        return props;
    }
}
