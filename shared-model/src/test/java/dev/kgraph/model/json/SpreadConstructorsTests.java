package dev.kgraph.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

class SpreadConstructorsTests {
    /** What {@link Json#MAPPER} is without the module: the reference every result here is compared with. */
    private static final JsonMapper JACKSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    record Attempt(String runId, int attempt, long startedAtMillis, boolean cancelled, double weight,
                   List<String> tags, Map<String, Object> metadata, Status status) {
    }

    enum Status { PENDING, RUNNING }

    record Checked(String threadId) {
        Checked {
            if (threadId == null || threadId.isBlank()) {
                throw new IllegalArgumentException("thread_id must not be blank");
            }
        }
    }

    /** Captures how its constructor was reached. */
    record Traced(String id, StackTraceElement[] caller) {
        Traced {
            caller = new Throwable().getStackTrace();
        }
    }

    @Test
    void aRecordIsBuiltWithTheSameValuesAsJacksonBuildsIt() {
        var json = """
                {"run_id":"r-1","attempt":3,"started_at_millis":1733300000123,"cancelled":true,"weight":0.25,
                 "tags":["a","b"],"metadata":{"n":1,"nested":{"x":[1,2]}},"status":"RUNNING","unknown":7}""";

        assertThat(read(Json.MAPPER, json, Attempt.class)).isEqualTo(read(JACKSON, json, Attempt.class))
                .isEqualTo(new Attempt("r-1", 3, 1733300000123L, true, 0.25, List.of("a", "b"),
                        Map.of("n", 1, "nested", Map.of("x", List.of(1, 2))), Status.RUNNING));
    }

    @Test
    void missingAndNullPropertiesGiveNullsAndPrimitiveDefaults() {
        var json = "{\"run_id\":null,\"attempt\":null}";

        assertThat(read(Json.MAPPER, json, Attempt.class)).isEqualTo(read(JACKSON, json, Attempt.class))
                .isEqualTo(new Attempt(null, 0, 0L, false, 0.0, null, null, null));
    }

    @Test
    void aConstructorThatRejectsItsArgumentsIsReportedAsJacksonReportsIt() {
        var json = "{\"thread_id\":\" \"}";

        assertThatThrownBy(() -> read(Json.MAPPER, json, Checked.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageStartingWith(messageOf(() -> read(JACKSON, json, Checked.class)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("thread_id must not be blank");
    }

    @Test
    void theConstructorIsCalledWithoutJacksonsPerCallAdaptation() {
        var json = "{\"id\":\"t\"}";

        assertThat(frames(read(Json.MAPPER, json, Traced.class))).doesNotContain("invokeWithArguments");
        assertThat(frames(read(JACKSON, json, Traced.class))).contains("invokeWithArguments");
    }

    private static String frames(Traced traced) {
        return Arrays.toString(traced.caller());
    }

    private static <T> T read(JsonMapper mapper, String json, Class<T> type) {
        return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static String messageOf(Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            var message = e.getMessage();
            return message.substring(0, message.indexOf(','));
        }
        throw new AssertionError("expected Jackson to reject the input");
    }
}
