package dev.kgraph.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.ids.Uuid7;
import java.util.UUID;
import dev.kgraph.model.json.JsonSerde;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedModelTests {

    @Test
    void systemAssistantIdMatchesLangGraphPlatform() {
        // the id the reference server gives the "echo" graph's assistant
        assertThat(AssistantRecord.systemAssistantId("echo")).isEqualTo("046b5dc7-2108-582c-9c6c-31d556d138f0");
    }

    @Test
    void requestsRoundTripThroughTheirTopicSerdeWithSnakeCaseAndNullsKept() {
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("owner", null);
        var request = new ThreadRequest.CreateThread("r1", "t1", "gw-1", metadata, "raise", "2026-01-01T00:00:00Z", 60.0);
        var serde = Topics.REQUESTS.valueSerde();

        byte[] bytes = serde.serializer().serialize("x", request);
        var json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"create_thread\"").contains("\"request_id\":\"r1\"")
                .contains("\"owner\":null");
        assertThat(serde.deserializer().deserialize("x", bytes)).isEqualTo(request);
    }

    @Test
    void malformedRecordsDeserializeToNullInsteadOfPoisoningThePartition() {
        var serde = new JsonSerde<>(ThreadRequest.class);
        assertThat(serde.deserializer().deserialize("x", "{not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(serde.deserializer().deserialize("x", "{\"type\":\"nope\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void runStatusAllowsOnlyTheDocumentedMoves() {
        assertThat(RunStatus.PENDING.transitionTo(RunStatus.RUNNING)).isEqualTo(RunStatus.RUNNING);
        assertThat(RunStatus.RUNNING.transitionTo(RunStatus.SUCCESS)).isEqualTo(RunStatus.SUCCESS);
        assertThatThrownBy(() -> RunStatus.SUCCESS.transitionTo(RunStatus.RUNNING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("success");
        assertThat(RunStatus.fromWire("interrupted")).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(Map.of("s", RunStatus.TIMEOUT).toString()).contains("TIMEOUT");
    }

    @Test
    void uuid7IdsAreVersion7AndSortInCreationOrder() {
        var ids = new java.util.ArrayList<String>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Uuid7.next());
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(UUID.fromString(ids.getFirst()).version()).isEqualTo(7);
        assertThat(UUID.fromString(ids.getFirst()).variant()).isEqualTo(2);
    }
}
