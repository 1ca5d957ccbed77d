package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assistants' single writer: version numbering, if_exists, the active version, deletion and what it publishes. */
class AssistantRequestsTests {
    private static final String ASSISTANT = "a0000000-0000-4000-8000-000000000001";

    @TempDir
    Path stateDir;
    private final ThreadSequencerTests.MovableClock clock =
            new ThreadSequencerTests.MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TopologyTestDriver driver;
    private TestInputTopic<String, ThreadRequest> requests;
    private TestOutputTopic<String, Reply> replies;
    private TestOutputTopic<String, AssistantRecord> published;
    private int requestCount;

    @BeforeEach
    void startTopology() {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "assistants-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SequencerTopology.build(new NoDispatch(), 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) -> {
                    throw new UnsupportedOperationException();
                }, clock), props, clock.instant());
        requests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
                Topics.REPLIES.valueSerde().deserializer());
        published = driver.createOutputTopic(Topics.ASSISTANTS.name(), Topics.ASSISTANTS.keySerde().deserializer(),
                Topics.ASSISTANTS.valueSerde().deserializer());
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void createStartsAtVersionOneAndIfExistsDecidesAboutASecondCreate() {
        // when
        var created = create("raise", Map.of("configurable", Map.of("model", "a")), Map.of("team", "x"));
        var again = create("raise", Map.of(), Map.of());
        var kept = create("do_nothing", Map.of(), Map.of());

        // then
        assertThat(created.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(body(created)).containsEntry("version", 1).containsEntry("graph_id", "echo")
                .containsEntry("name", "mine").containsEntry("metadata", Map.of("team", "x"));
        assertThat(again.outcome()).isEqualTo(Reply.Outcome.CONFLICT);
        assertThat(again.detail()).isEqualTo("Assistant already exists");
        assertThat(kept.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(body(kept)).containsEntry("config", Map.of("configurable", Map.of("model", "a")));
        assertThat(published.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(ASSISTANT);
            assertThat(kv.value.version()).isEqualTo(1);
        });
    }

    @Test
    void everyPatchIsTheNextVersionAndMergesMetadata() {
        create("raise", Map.of("configurable", Map.of("model", "a")), Map.of("team", "x"));

        // when
        var second = patch(Map.of("configurable", Map.of("model", "b")), Map.of("stage", "beta"), null);
        var third = patch(null, null, "renamed");

        // then
        assertThat(body(second)).containsEntry("version", 2)
                .containsEntry("config", Map.of("configurable", Map.of("model", "b")))
                .containsEntry("metadata", Map.of("team", "x", "stage", "beta"));
        assertThat(body(third)).containsEntry("version", 3).containsEntry("name", "renamed")
                .containsEntry("config", Map.of("configurable", Map.of("model", "b")));
        assertThat(published.readValuesToList()).extracting(AssistantRecord::version).containsExactly(1, 2, 3);
        assertThat(versionsOf(versions(Map.of(), 10, 0))).containsExactly(3, 2, 1);
    }

    @Test
    void requestsReadAgainMakeNoNewVersion() {
        create("raise", Map.of(), Map.of());
        var first = new ThreadRequest.PatchAssistant("patch-1", ASSISTANT, "gw", null, null, null,
                Map.of("k", 1), null, null);
        var second = new ThreadRequest.PatchAssistant("patch-2", ASSISTANT, "gw", null, null, null,
                Map.of("k", 2), null, null);
        var latest = new ThreadRequest.SetLatestAssistantVersion("latest-1", ASSISTANT, "gw", 2);

        // when: at-least-once delivery hands the writer what followed its last commit again after a crash
        for (var request : List.<ThreadRequest>of(first, second, latest, first, second, latest)) {
            ask(request);
        }

        // then
        assertThat(versionsOf(versions(Map.of(), 10, 0))).containsExactly(3, 2, 1);
        assertThat(body(ask(new ThreadRequest.GetAssistant(nextId(), ASSISTANT, "gw"))))
                .containsEntry("version", 2).containsEntry("metadata", Map.of("k", 1));
    }

    @Test
    void setLatestMakesAnOldVersionActiveAndTheNextPatchStillNumbersAfterTheHighest() {
        create("raise", Map.of("configurable", Map.of("model", "a")), Map.of());
        patch(Map.of("configurable", Map.of("model", "b")), null, null);

        // when
        var rolledBack = ask(new ThreadRequest.SetLatestAssistantVersion(nextId(), ASSISTANT, "gw", 1));
        var get = ask(new ThreadRequest.GetAssistant(nextId(), ASSISTANT, "gw"));
        var next = patch(null, Map.of("after", "rollback"), null);
        var missing = ask(new ThreadRequest.SetLatestAssistantVersion(nextId(), ASSISTANT, "gw", 9));

        // then
        assertThat(body(rolledBack)).containsEntry("version", 1)
                .containsEntry("config", Map.of("configurable", Map.of("model", "a")));
        assertThat(body(get)).containsEntry("version", 1);
        assertThat(body(next)).containsEntry("version", 3)
                .containsEntry("config", Map.of("configurable", Map.of("model", "a")));
        assertThat(missing.outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
        assertThat(missing.detail()).isEqualTo("Assistant version not found");
    }

    @Test
    void versionsAreListedNewestFirstFilteredByMetadataAndPaged() {
        create("raise", Map.of(), Map.of("stage", "dev"));
        patch(null, Map.of("stage", "prod"), null);
        patch(null, Map.of("stage", "dev"), null);

        assertThat(versionsOf(versions(Map.of("stage", "dev"), 10, 0))).containsExactly(3, 1);
        assertThat(versionsOf(versions(Map.of(), 1, 1))).containsExactly(2);
        assertThat(versions(Map.of(), 10, 0).body()).asInstanceOf(
                InstanceOfAssertFactories.LIST).first()
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("assistant_id", "graph_id", "config", "context", "created_at", "metadata",
                        "version", "name", "description");
    }

    @Test
    void deleteRemovesEveryVersionAndPublishesATombstone() {
        create("raise", Map.of(), Map.of());
        patch(null, Map.of("k", 1), null);
        published.readValuesToList();

        // when
        var deleted = ask(new ThreadRequest.DeleteAssistant(nextId(), ASSISTANT, "gw"));

        // then
        assertThat(deleted.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(published.readKeyValuesToList()).containsExactly(new KeyValue<>(ASSISTANT, null));
        assertThat(ask(new ThreadRequest.GetAssistant(nextId(), ASSISTANT, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
        assertThat(versions(Map.of(), 10, 0).outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
        assertThat(ask(new ThreadRequest.DeleteAssistant(nextId(), ASSISTANT, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
        // a new assistant under the same id starts over at version 1
        assertThat(body(create("raise", Map.of(), Map.of()))).containsEntry("version", 1);
    }

    @Test
    void unknownAssistantsAreNotFound() {
        for (var request : List.<ThreadRequest>of(
                new ThreadRequest.GetAssistant(nextId(), ASSISTANT, "gw"),
                new ThreadRequest.PatchAssistant(nextId(), ASSISTANT, "gw", null, null, null, null, "x", null),
                new ThreadRequest.SetLatestAssistantVersion(nextId(), ASSISTANT, "gw", 1))) {
            var reply = ask(request);
            assertThat(reply.outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
            assertThat(reply.detail()).isEqualTo("Assistant '" + ASSISTANT + "' not found");
        }
        assertThat(published.isEmpty()).isTrue();
    }

    private Reply create(String ifExists, Map<String, Object> config, Map<String, Object> metadata) {
        return ask(new ThreadRequest.CreateAssistant(nextId(), ASSISTANT, "gw", "echo", config, Map.of(), metadata,
                "mine", null, ifExists));
    }

    private Reply patch(Map<String, Object> config, Map<String, Object> metadata, String name) {
        clock.advance(Duration.ofMillis(1));
        return ask(new ThreadRequest.PatchAssistant(nextId(), ASSISTANT, "gw", null, config, null, metadata, name,
                null));
    }

    private Reply versions(Map<String, Object> metadata, int limit, int offset) {
        return ask(new ThreadRequest.ListAssistantVersions(nextId(), ASSISTANT, "gw", metadata, limit, offset));
    }

    private Reply ask(ThreadRequest request) {
        requests.pipeInput(request.threadId(), request);
        return replies.readValuesToList().getLast();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Reply reply) {
        return (Map<String, Object>) reply.body();
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> versionsOf(Reply reply) {
        return ((List<Map<String, Object>>) reply.body()).stream().map(v -> (Integer) v.get("version")).toList();
    }

    private String nextId() {
        return "request-" + requestCount++;
    }
}
