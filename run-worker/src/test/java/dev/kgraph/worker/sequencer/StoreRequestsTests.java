package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.store.StoreAddress;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's decisions (put, get, delete, search, namespaces, ttl), through the sequencer's real topology. */
class StoreRequestsTests {
    @TempDir
    Path stateDir;
    private final ThreadSequencerTests.MovableClock clock =
            new ThreadSequencerTests.MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TopologyTestDriver driver;
    private TestInputTopic<String, ThreadRequest> requests;
    private TestOutputTopic<String, Reply> replies;
    private int requestCount;

    @BeforeEach
    void startTopology() {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SequencerTopology.build(new NoDispatch(), 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) -> null, clock), props, clock.instant());
        requests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
                Topics.REPLIES.valueSerde().deserializer());
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void aPutItemIsReadBackWithItsTimestampsAndARewriteKeepsItsCreationTime() {
        // when
        put(List.of("users", "u1"), "color", Map.of("name", "blue"), null);
        clock.advance(Duration.ofSeconds(5));
        put(List.of("users", "u1"), "color", Map.of("name", "green"), null);

        // then
        var item = get(List.of("users", "u1"), "color", false);
        assertThat(item).containsEntry("namespace", List.of("users", "u1")).containsEntry("key", "color")
                .containsEntry("value", Map.of("name", "green"))
                .containsEntry("created_at", "2026-01-01T00:00:00Z")
                .containsEntry("updated_at", "2026-01-01T00:00:05Z");
        assertThat(get(List.of("users"), "color", false)).isNull();
        assertThat(get(List.of("users", "u2"), "color", false)).isNull();
    }

    @Test
    void aDeletedItemIsGoneAndDeletingAMissingItemIsNotAnError() {
        // setup
        put(List.of("a"), "k", Map.of("x", 1), null);

        // when
        var deleted = ask(new ThreadRequest.DeleteStoreItem(nextId(), route(List.of("a"), "k"), "test",
                List.of("a"), "k"));
        var again = ask(new ThreadRequest.DeleteStoreItem(nextId(), route(List.of("a"), "k"), "test",
                List.of("a"), "k"));

        // then
        assertThat(deleted.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(again.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(get(List.of("a"), "k", false)).isNull();
    }

    @Test
    void aSearchFindsItemsUnderThePrefixNewestFirstAndAppliesTheFilterAndLimit() {
        // setup
        put(List.of("docs", "a"), "1", Map.of("kind", "note", "n", 1), null);
        clock.advance(Duration.ofSeconds(1));
        put(List.of("docs", "a", "deep"), "2", Map.of("kind", "note", "n", 2), null);
        clock.advance(Duration.ofSeconds(1));
        put(List.of("docs", "b"), "3", Map.of("kind", "todo", "n", 3), null);
        clock.advance(Duration.ofSeconds(1));
        put(List.of("docsx"), "4", Map.of("kind", "note", "n", 4), null);

        // then
        assertThat(keys(search(List.of("docs"), null, 10))).containsExactly("3", "2", "1");
        assertThat(keys(search(List.of("docs", "a"), null, 10))).containsExactly("2", "1");
        assertThat(keys(search(List.of(), Map.of("kind", "note"), 10))).containsExactly("4", "2", "1");
        assertThat(keys(search(List.of(), Map.of("n", Map.of("$gte", 2, "$lt", 4)), 10))).containsExactly("3", "2");
        assertThat(keys(search(List.of(), Map.of("kind", Map.of("$ne", "note")), 10))).containsExactly("3");
        assertThat(keys(search(List.of("docs"), null, 2))).containsExactly("3", "2");
        assertThat(search(List.of("docs", "b"), null, 10).getFirst()).containsEntry("score", null);
    }

    @Test
    void namespacesAreListedInOrderWithPrefixSuffixWildcardsAndMaxDepth() {
        // setup
        put(List.of("a", "b", "c"), "k", Map.of(), null);
        put(List.of("a", "b", "d"), "k", Map.of(), null);
        put(List.of("a", "x", "c"), "k", Map.of(), null);
        put(List.of("z"), "k", Map.of(), null);

        // then
        assertThat(namespaces(null, null, null, 100)).containsExactly(List.of("a", "b", "c"), List.of("a", "b", "d"),
                List.of("a", "x", "c"), List.of("z"));
        assertThat(namespaces(List.of("a", "b"), null, null, 100)).containsExactly(List.of("a", "b", "c"),
                List.of("a", "b", "d"));
        assertThat(namespaces(null, List.of("c"), null, 100)).containsExactly(List.of("a", "b", "c"),
                List.of("a", "x", "c"));
        assertThat(namespaces(List.of("a", "*", "c"), null, null, 100)).containsExactly(List.of("a", "b", "c"),
                List.of("a", "x", "c"));
        assertThat(namespaces(null, null, 2, 100)).containsExactly(List.of("a", "b"), List.of("a", "x"),
                List.of("z"));
        assertThat(namespaces(null, null, null, 2)).containsExactly(List.of("a", "b", "c"), List.of("a", "b", "d"));
    }

    @Test
    void anItemPastItsTtlIsInvisibleAndTheSweepDeletesItFromTheStore() {
        // setup
        put(List.of("tmp"), "k", Map.of("v", 1), 1.0);

        // when
        clock.advance(Duration.ofSeconds(59));
        var before = get(List.of("tmp"), "k", false);
        clock.advance(Duration.ofSeconds(1));
        var after = get(List.of("tmp"), "k", false);
        driver.advanceWallClockTime(ThreadSequencer.STORE_EXPIRY_SWEEP);

        // then
        assertThat(before).isNotNull();
        assertThat(after).isNull();
        assertThat(search(List.of("tmp"), null, 10)).isEmpty();
        assertThat(namespaces(null, null, null, 10)).isEmpty();
        KeyValueStore<String, StoreItemEntry> items = driver.getKeyValueStore(SequencerStores.STORE_ITEMS);
        KeyValueStore<String, String> expiries = driver.getKeyValueStore(SequencerStores.STORE_EXPIRIES);
        assertThat(items.get(StoreAddress.itemKey(List.of("tmp"), "k"))).isNull();
        assertThat(count(expiries)).isZero();
    }

    @Test
    void aReadWithRefreshRestartsTheTtlAndAReadWithoutDoesNot() {
        // setup
        put(List.of("tmp"), "refreshed", Map.of(), 1.0);
        put(List.of("tmp"), "plain", Map.of(), 1.0);

        // when
        clock.advance(Duration.ofSeconds(40));
        get(List.of("tmp"), "refreshed", true);
        get(List.of("tmp"), "plain", false);
        clock.advance(Duration.ofSeconds(40));
        driver.advanceWallClockTime(ThreadSequencer.STORE_EXPIRY_SWEEP);

        // then
        assertThat(get(List.of("tmp"), "refreshed", false)).isNotNull();
        assertThat(get(List.of("tmp"), "plain", false)).isNull();
        KeyValueStore<String, String> expiries = driver.getKeyValueStore(SequencerStores.STORE_EXPIRIES);
        assertThat(count(expiries)).as("one wake-up per live item, none left by the refresh")
                .isEqualTo(1);
    }

    @Test
    void aRewriteWithoutTtlMakesTheItemPermanent() {
        // setup
        put(List.of("tmp"), "k", Map.of("v", 1), 1.0);

        // when
        put(List.of("tmp"), "k", Map.of("v", 2), null);
        clock.advance(Duration.ofMinutes(2));
        driver.advanceWallClockTime(ThreadSequencer.STORE_EXPIRY_SWEEP);

        // then
        assertThat(get(List.of("tmp"), "k", false)).containsEntry("value", Map.of("v", 2));
    }

    private void put(List<String> namespace, String key, Map<String, Object> value, Double ttl) {
        var reply = ask(new ThreadRequest.PutStoreItem(nextId(), route(namespace, key), "test", namespace, key,
                value, ttl));
        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(List<String> namespace, String key, boolean refresh) {
        var reply = ask(new ThreadRequest.GetStoreItem(nextId(), route(namespace, key), "test", namespace, key,
                refresh));
        assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
        return (Map<String, Object>) reply.body();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> search(List<String> prefix, Map<String, Object> filter, int limit) {
        var reply = ask(new ThreadRequest.SearchStoreItems(nextId(), StoreAddress.EVERY_PARTITION, "test", prefix,
                filter, limit, false));
        return (List<Map<String, Object>>) ((Map<String, Object>) reply.body()).get("items");
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> namespaces(List<String> prefix, List<String> suffix, Integer maxDepth, int limit) {
        var reply = ask(new ThreadRequest.ListStoreNamespaces(nextId(), StoreAddress.EVERY_PARTITION, "test",
                prefix, suffix, maxDepth, limit));
        return (List<List<String>>) ((Map<String, Object>) reply.body()).get("namespaces");
    }

    private static List<Object> keys(List<Map<String, Object>> items) {
        return items.stream().map(item -> item.get("key")).toList();
    }

    private static int count(KeyValueStore<String, String> store) {
        int count = 0;
        try (var it = store.all()) {
            for (; it.hasNext(); it.next()) {
                count++;
            }
        }
        return count;
    }

    private static String route(List<String> namespace, String key) {
        return StoreAddress.routingKey(namespace, key);
    }

    private Reply ask(ThreadRequest request) {
        requests.pipeInput(request.threadId(), request);
        return replies.readValuesToList().getLast();
    }

    private String nextId() {
        return "request-" + requestCount++;
    }
}
