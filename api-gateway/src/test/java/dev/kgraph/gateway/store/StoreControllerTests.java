package dev.kgraph.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The store endpoints against a scripted writer: routing, the merge of partitions, and the answers. */
class StoreControllerTests {
    private ScriptedSequencer writer;

    private WebTestClient client(Function<ScriptedSequencer.Sent, Reply> script) {
        writer = new ScriptedSequencer(script);
        return ScriptedSequencer.clientFor(new StoreController(writer.writer()));
    }

    @Test
    void aPutAndAGetOfTheSameItemGoToTheSameWriterAndAMissingItemIsNull() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), null));

        client.put().uri("/store/items").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"namespace\":[\"a\",\"b\"],\"key\":\"k\",\"value\":{\"x\":1},\"ttl\":2}")
                .exchange().expectStatus().isNoContent();
        client.get().uri("/store/items?namespace=a.b&key=k&refresh_ttl=false").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("null");

        var put = (ThreadRequest.PutStoreItem) writer.requests().get(0);
        var get = (ThreadRequest.GetStoreItem) writer.requests().get(1);
        assertThat(put.threadId()).startsWith("store:").isEqualTo(get.threadId());
        assertThat(put.namespace()).isEqualTo(List.of("a", "b"));
        assertThat(put.ttlMinutes()).isEqualTo(2.0);
        assertThat(get.refreshTtl()).isFalse();
    }

    @Test
    void aSearchAsksEveryPartitionForOffsetPlusLimitAndMergesTheExactPage() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of("items", List.of(
                item("p" + sent.partition(), "2026-01-01T00:00:0" + sent.partition() + "Z"),
                item("q" + sent.partition(), "2026-01-01T00:00:0" + (sent.partition() + 3) + "Z")))));

        client.post().uri("/store/items/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"namespace_prefix\":[\"n\"],\"limit\":2,\"offset\":1}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].key").isEqualTo(List.of("q1", "q0"));

        assertThat(writer.sent()).hasSize(ScriptedSequencer.PARTITIONS)
                .allSatisfy(sent -> assertThat(((ThreadRequest.SearchStoreItems) sent.request()).limit()).isEqualTo(3));
    }

    @Test
    void namespacesFromEveryPartitionAreMergedDistinctAndInOrder() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of("namespaces",
                List.of(List.of("a", "x"), List.of("b", String.valueOf(sent.partition()))))));

        client.post().uri("/store/namespaces").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"limit\":3}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.namespaces").isEqualTo(List.of(List.of("a", "x"), List.of("b", "0"),
                        List.of("b", "1")));
    }

    @Test
    void badInputIsA422NamingTheFieldAndNothingIsSent() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), null));

        client.put().uri("/store/items").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"namespace\":[\"a.b\"],\"key\":\"k\",\"value\":{}}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "namespace: Namespace labels cannot be empty or contain periods. Received: a.b");
        client.post().uri("/store/items/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"limit\":0}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("limit: must be an integer between 1 and 1000");
        client.get().uri("/store/items?namespace=a&key=k&refresh_ttl=maybe").exchange()
                .expectStatus().isEqualTo(422);

        assertThat(writer.requests()).isEmpty();
    }

    private static Map<String, Object> item(String key, String updatedAt) {
        return Map.of("namespace", List.of("n"), "key", key, "value", Map.of(), "created_at", updatedAt,
                "updated_at", updatedAt, "score", "none");
    }
}
