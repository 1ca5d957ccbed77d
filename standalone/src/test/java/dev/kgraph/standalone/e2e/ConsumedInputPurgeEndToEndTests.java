package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests and progress the sequencer has consumed are deleted from Kafka (their partitions' start moves up to the
 * sequencer group's committed offset, never past it), and nothing a restarted server needs was among them.
 */
class ConsumedInputPurgeEndToEndTests {
    private static final String GROUP = "kgraph-sequencer";
    private static final Map<String, Object> FAST_PURGE = Map.of("kgraph.worker.purge-interval", "200ms",
            "kgraph.worker.commit-interval", "100ms");

    @TempDir
    Path dataDir;

    @Test
    void consumedRequestsAndProgressAreDeletedAndTheThreadsLiveOnAfterARestart() throws Exception {
        var threadId = UUID.randomUUID().toString();
        try (var system = Standalone.start(dataDir, 0, FAST_PURGE); var api = new Api(system.baseUrl());
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
            awaitAssistants(api);
            for (int run = 1; run <= 5; run++) {
                var answer = api.post("/threads/" + threadId + "/runs/wait",
                        Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create")).json();
                assertThat(answer).containsEntry("count", 2 * run);
            }

            for (var topic : List.of("kgraph.requests", "kgraph.progress")) {
                var partition = new TopicPartition(topic, 0);
                await(topic + " purged up to the sequencer's committed offset").atMost(Duration.ofSeconds(30))
                        .until(() -> start(admin, partition) > 0);
                assertThat(start(admin, partition)).as(topic + "'s start, never past what the sequencer committed")
                        .isLessThanOrEqualTo(committed(admin, partition));
            }
        }

        try (var system = Standalone.start(dataDir, 0, FAST_PURGE); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle")
                    .extracting("values").isEqualTo(Map.of("count", 10, "log",
                            List.of("a", "b", "a", "b", "a", "b", "a", "b", "a", "b")));
            var next = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "counter", "input", Map.of())).json();
            assertThat(next).containsEntry("count", 12);
            var history = api.post("/threads/" + threadId + "/history", Map.of("limit", 100)).jsonList();
            assertThat(history).as("four checkpoints a run (its input, then before a, before b, at the end)").hasSize(24);
        }
    }

    private static long start(Admin admin, TopicPartition partition) throws ExecutionException, InterruptedException {
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get().offset();
    }

    private static long committed(Admin admin, TopicPartition partition)
            throws ExecutionException, InterruptedException {
        var offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(partition);
        assertThat(offset).as("the sequencer's committed offset of " + partition).isNotNull();
        return offset.offset();
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }
}
