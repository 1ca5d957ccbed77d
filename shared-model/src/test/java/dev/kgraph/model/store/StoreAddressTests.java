package dev.kgraph.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.topics.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreAddressTests {

    @Test
    void aNamespacePrefixIsAKeyPrefixOfItsItemsOnly() {
        var prefix = StoreAddress.prefix(List.of("a"));

        assertThat(StoreAddress.itemKey(List.of("a"), "k")).startsWith(prefix);
        assertThat(StoreAddress.itemKey(List.of("a", "b"), "k")).startsWith(prefix);
        assertThat(StoreAddress.itemKey(List.of("ab"), "k")).doesNotStartWith(prefix);
        // separators inside labels are encoded, so no label can fake a deeper namespace or a key
        assertThat(StoreAddress.itemKey(List.of("a/b"), "k")).isNotEqualTo(StoreAddress.itemKey(List.of("a", "b"), "k"));
        assertThat(StoreAddress.itemKey(List.of("a#k"), "x")).doesNotStartWith(StoreAddress.prefix(List.of("a")));
    }

    @Test
    void theRoutingKeyIsStableBoundedAndDistinctPerItem() {
        var key = StoreAddress.routingKey(List.of("users", "u1"), "fact");

        assertThat(key).isEqualTo(StoreAddress.routingKey(List.of("users", "u1"), "fact")).startsWith("store:")
                .hasSize("store:".length() + 32);
        assertThat(StoreAddress.routingKey(List.of("users", "u1"), "x".repeat(10_000))).hasSize(key.length());
        assertThat(StoreAddress.routingKey(List.of("users", "u2"), "fact")).isNotEqualTo(key);
    }

    @Test
    void namespacesFollowLangGraphsRules() {
        assertThat(StoreNamespaces.labelProblem(List.of("a", "b"))).isEmpty();
        assertThat(StoreNamespaces.labelProblem(List.of("a.b"))).contains(
                "Namespace labels cannot be empty or contain periods. Received: a.b");
        assertThat(StoreNamespaces.labelProblem(List.of("a", ""))).isPresent();
        assertThat(StoreNamespaces.itemNamespaceProblem(List.of())).contains("Namespace cannot be empty.");
        assertThat(StoreNamespaces.itemNamespaceProblem(List.of("langgraph", "x"))).get().asString()
                .startsWith("Root label for namespace cannot be \"langgraph\"");
        assertThat(StoreNamespaces.itemNamespaceProblem(List.of("x", "langgraph"))).isEmpty();
    }

    @Test
    void storeRequestsRoundTripThroughTheRequestSerde() {
        var put = new ThreadRequest.PutStoreItem("r1", "store:x", "gw", List.of("a", "b"), "k",
                Map.of("v", List.of(1, 2)), 1.5);
        var serde = Topics.REQUESTS.valueSerde();

        var back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", put));

        assertThat(back).isEqualTo(put);
    }
}
