package dev.kgraph.model.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunKwargsTests {

    private static final List<String> API_ORDER = List.of("input", "command", "config", "context", "stream_mode",
            "interrupt_before", "interrupt_after", "webhook", "feedback_keys", "temporary", "subgraphs", "resumable",
            "checkpoint_during", "durability", "on_disconnect");

    /** kwargs as the gateway builds them for a plain {@code runs/wait}: every option, most at their default. */
    private static Map<String, Object> plainRun() {
        var kwargs = new LinkedHashMap<String, Object>();
        kwargs.put("input", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
        kwargs.put("command", null);
        kwargs.put("config", Map.of("configurable", Map.of("thread_id", "t1")));
        kwargs.put("context", Map.of());
        kwargs.put("stream_mode", List.of("values"));
        kwargs.put("interrupt_before", null);
        kwargs.put("interrupt_after", null);
        kwargs.put("webhook", null);
        kwargs.put("feedback_keys", null);
        kwargs.put("temporary", false);
        kwargs.put("subgraphs", false);
        kwargs.put("resumable", false);
        kwargs.put("checkpoint_during", true);
        kwargs.put("durability", "async");
        kwargs.put("on_disconnect", "continue");
        return kwargs;
    }

    @Test
    void aPlainRunCarriesOnlyItsInputConfigAndStreamModes() {
        var compact = RunKwargs.compact(plainRun());

        assertThat(compact).containsOnlyKeys("input", "config", "stream_mode");
        assertThat(Json.write(compact).length).isLessThan(Json.write(plainRun()).length - 200);
    }

    @Test
    void expandingWhatWasCompactedGivesBackTheApisKwargsInItsOrder() {
        var original = plainRun();

        var expanded = RunKwargs.expand(RunKwargs.compact(original));

        assertThat(expanded).isEqualTo(original);
        assertThat(expanded.keySet()).containsExactlyElementsOf(API_ORDER);
    }

    @Test
    void optionsAwayFromTheirDefaultAreKeptAndSurviveTheRoundTrip() {
        var kwargs = plainRun();
        kwargs.put("webhook", "https://example.com/hook");
        kwargs.put("temporary", true);
        kwargs.put("checkpoint_during", false);
        kwargs.put("durability", "exit");
        kwargs.put("on_disconnect", "cancel");
        kwargs.put("interrupt_before", "*");
        kwargs.put("context", Map.of("tone", "dry"));
        kwargs.put("streamed", true); // the writer's own key, not the API's

        var compact = RunKwargs.compact(kwargs);
        var expanded = RunKwargs.expand(compact);

        assertThat(compact).containsEntry("webhook", "https://example.com/hook").containsEntry("temporary", true)
                .containsEntry("checkpoint_during", false).containsEntry("durability", "exit")
                .containsEntry("on_disconnect", "cancel").containsEntry("interrupt_before", "*")
                .containsEntry("context", Map.of("tone", "dry")).doesNotContainKeys("command", "resumable");
        assertThat(expanded).isEqualTo(kwargs);
        assertThat(expanded.keySet()).startsWith(API_ORDER.toArray(String[]::new)).endsWith("streamed");
    }

    @Test
    void aRunReadFromKafkaShowsEveryOptionToTheApiWithoutDecodingItsStoredBytes() {
        byte[] stored = Json.write(RunKwargs.compact(plainRun()));
        var kwargs = RawJsonMap.of(stored);
        var run = new Run("r1", "t1", "a1", "2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z", RunStatus.PENDING,
                Map.of(), kwargs, "enqueue");

        @SuppressWarnings("unchecked")
        var shown = (Map<String, Object>) ((Map<String, Object>) Json.plain(run.forApi())).get("kwargs");

        assertThat(shown.keySet()).containsExactlyElementsOf(API_ORDER);
        assertThat(shown).containsEntry("on_disconnect", "continue").containsEntry("checkpoint_during", true)
                .containsEntry("context", Map.of()).containsEntry("command", null);
        assertThat(kwargs.undecodedJson()).as("the stored run's kwargs are still its bytes").isNotNull();
        assertThat(Arrays.equals(kwargs.undecodedJson(), stored)).isTrue();
    }

    @Test
    void kwargsThatAlreadyListEveryOptionAreShownAsTheyAre() {
        var full = plainRun();

        assertThat(RunKwargs.expand(full)).isSameAs(full);
        assertThat(RunKwargs.expand(null)).isNull();
    }
}
