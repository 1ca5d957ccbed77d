package dev.kgraph.gateway.crons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.InvalidRequestException;
import dev.kgraph.model.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cron's own fields: every bad one named in the 422; a search's sort, page and selection. */
class CronBodyTests {

    @Test
    void everyBadCronFieldIsNamedInTheClientsOrder() {
        var fields = BodyFields.of(Json.tree(Map.of("schedule", "* * * *")));
        var body = Json.MAPPER.createObjectNode().put("timezone", "Mars/Olympus").put("schedule", "* * * *")
                .put("end_time", "tomorrow").put("on_run_completed", "archive");
        var read = BodyFields.of(body);
        CronBody.read(read, true);

        assertThatThrownBy(read::requireValid).isInstanceOfSatisfying(InvalidRequestException.class, e ->
                assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                        .containsExactly("timezone", "schedule", "end_time", "on_run_completed"));
        CronBody.read(fields, false);
        assertThatThrownBy(fields::requireValid).hasMessageContaining("schedule: must be a cron expression of 5");
    }

    @Test
    void aScheduleHasFiveValidFieldsAndAnEndTimeWithoutOffsetIsUtc() {
        assertThat(CronBody.validSchedule("*/5 9-17 * * MON-FRI")).isTrue();
        assertThat(CronBody.validSchedule("0 0 1 1 *")).isTrue();
        assertThat(CronBody.validSchedule("* * * * * *")).isFalse(); // six fields: seconds are not the API's
        assertThat(CronBody.validSchedule("60 * * * *")).isFalse();
        assertThat(CronBody.validSchedule("")).isFalse();

        var fields = BodyFields.of(Json.MAPPER.createObjectNode().put("end_time", "2030-01-02T03:04:05")
                .put("schedule", "* * * * *"));
        assertThat(CronBody.read(fields, true).endTime()).isEqualTo("2030-01-02T03:04:05Z");
        var offset = BodyFields.of(Json.MAPPER.createObjectNode().put("end_time", "2030-01-02T03:04:05+01:00"));
        assertThat(CronBody.read(offset, false).endTime()).isEqualTo("2030-01-02T02:04:05Z");
    }

    @Test
    void aSearchSortsWithMissingValuesLastThenPagesAndSelects() {
        var search = CronSearch.of(Json.MAPPER.createObjectNode().put("sort_by", "next_run_date")
                .put("sort_order", "asc").put("limit", 2).put("offset", 1)
                .set("select", Json.MAPPER.createArrayNode().add("cron_id")));
        var found = List.<Map<String, Object>>of(
                cron("a", null), cron("b", "2026-01-01T00:03:00Z"), cron("c", "2026-01-01T00:01:00Z"),
                cron("d", "2026-01-01T00:02:00Z"));

        assertThat(search.page(found)).containsExactly(Map.of("cron_id", "d"), Map.of("cron_id", "b"));
        assertThatThrownBy(() -> CronSearch.of(Json.MAPPER.createObjectNode().put("sort_by", "schedule")))
                .hasMessageContaining("sort_by: must be one of");
        assertThat(CronSearch.of(Json.MAPPER.createObjectNode().put("assistant_id", "echo")).assistantId())
                .isEqualTo("046b5dc7-2108-582c-9c6c-31d556d138f0");
    }

    private static Map<String, Object> cron(String id, String next) {
        var cron = new java.util.HashMap<String, Object>();
        cron.put("cron_id", id);
        cron.put("next_run_date", next);
        return cron;
    }
}
