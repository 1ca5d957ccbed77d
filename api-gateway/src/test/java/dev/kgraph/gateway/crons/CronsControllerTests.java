package dev.kgraph.gateway.crons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.crons.CronSpec;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the gateway sends the cron's writer: a validated definition keyed by the cron id, with the run template built
 * as for any run; a patch merged into the cron the writer has; searches merged from every partition. Bad input never
 * reaches a writer.
 */
class CronsControllerTests {
    private static final String ECHO = AssistantRecord.systemAssistantId("echo");
    private static final String CRON = "c0000000-0000-4000-8000-000000000001";
    private static final String THREAD = "70000000-0000-4000-8000-000000000001";

    private final AssistantDirectory directory = new AssistantDirectory();
    /** The cron the writer has, answered to GetCron; SearchCrons answers one cron per partition. */
    private final ScriptedSequencer writer = new ScriptedSequencer(sent -> switch (sent.request()) {
        case ThreadRequest.CreateCron r -> ScriptedSequencer.ok(r, api(r.cron()));
        case ThreadRequest.PatchCron r -> ScriptedSequencer.ok(r, api(r.cron()));
        case ThreadRequest.GetCron r -> ScriptedSequencer.ok(r, stored());
        case ThreadRequest.SearchCrons r -> ScriptedSequencer.ok(r, List.of(Map.of("cron_id", "cron-" + sent
                .partition(), "created_at", "2026-01-01T00:00:0" + sent.partition() + "Z")));
        case ThreadRequest.GetThread r -> ScriptedSequencer.failed(r, Reply.Outcome.NOT_FOUND,
                "Thread with ID " + r.threadId() + " not found");
        default -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND, "not found");
    });
    private final WebTestClient client = ScriptedSequencer.clientFor(new CronsController(writer.writer(), directory,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));

    CronsControllerTests() {
        directory.onRecord(new AssistantRecord(ECHO, "echo", "echo", null, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", 1, Map.of("tags", List.of("assistant")), Map.of(),
                Map.of("created_by", "system"), Map.of("nodes", List.of()), Map.of("graph_id", "echo")));
    }

    @Test
    void aStatelessCronIsSentToItsWriterKeyedByCronIdWithARunTemplate() {
        post("/runs/crons", "{\"assistant_id\":\"echo\",\"schedule\":\" */5 * * * * \",\"input\":{\"x\":1},"
                + "\"metadata\":{\"a\":1},\"on_run_completed\":\"keep\",\"timezone\":\"Europe/Paris\"}")
                .expectStatus().isOk().expectBody().jsonPath("$.schedule").isEqualTo("*/5 * * * *");

        var create = (ThreadRequest.CreateCron) writer.requests().getFirst();
        var cron = create.cron();
        assertThat(create.threadId()).isEqualTo(create.cronId()).isEqualTo(cron.cronId());
        assertThat(writer.sent().getFirst().partition()).isNull(); // Kafka partitions by the key: the cron id
        assertThat(cron.assistantId()).isEqualTo(ECHO);
        assertThat(cron.threadId()).isNull();
        assertThat(cron.onRunCompleted()).isEqualTo("keep");
        assertThat(cron.timezone()).isEqualTo("Europe/Paris");
        assertThat(cron.enabled()).isTrue();
        assertThat(cron.metadata()).isEqualTo(Map.of("a", 1));
        assertThat(cron.payload()).containsEntry("input", Map.of("x", 1)).doesNotContainKeys("schedule",
                "timezone", "on_run_completed");
        assertThat(cron.run().createsThread()).isTrue();
        assertThat(cron.run().temporary()).isFalse();
        assertThat(cron.run().kwargs()).containsEntry("input", Map.of("x", 1));
        assertThat(cron.run().kwargs().get("config")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("tags", List.of("assistant"));
    }

    @Test
    void badInputIsA422OrA404AndReachesNoWriter() {
        post("/runs/crons", "{\"assistant_id\":\"echo\",\"schedule\":\"often\",\"timezone\":\"Nowhere/Land\"}")
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).startsWith("schedule: ").contains("timezone: "));
        post("/runs/crons", "{\"assistant_id\":\"echo\",\"schedule\":\"* * * * *\",\"input\":{},"
                + "\"multitask_strategy\":7}").expectStatus().isEqualTo(422);
        post("/runs/crons", "{\"assistant_id\":\"" + CRON + "\",\"schedule\":\"* * * * *\"}")
                .expectStatus().isNotFound();
        post("/runs/crons", "[1]").expectStatus().isEqualTo(422);
        client.delete().uri("/runs/crons/nope").exchange().expectStatus().isEqualTo(422);

        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void aCronForAnUnknownThreadIs404AndNotCreated() {
        post("/threads/" + THREAD + "/runs/crons", "{\"assistant_id\":\"echo\",\"schedule\":\"* * * * *\"}")
                .expectStatus().isNotFound();

        assertThat(writer.requests()).singleElement().isInstanceOf(ThreadRequest.GetThread.class);
    }

    @Test
    void aPatchIsMergedIntoTheCronTheWriterHasAndWrittenBackWhole() {
        client.patch().uri("/runs/crons/" + CRON).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":{\"b\":2},\"input\":{\"y\":2},\"enabled\":false}").exchange()
                .expectStatus().isOk();

        var patch = (ThreadRequest.PatchCron) writer.requests().getLast();
        var cron = patch.cron();
        assertThat(cron.cronId()).isEqualTo(CRON);
        assertThat(cron.threadId()).isEqualTo(THREAD);
        assertThat(cron.schedule()).isEqualTo("0 * * * *");
        assertThat(cron.enabled()).isFalse();
        assertThat(cron.metadata()).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(cron.payload()).containsEntry("input", Map.of("y", 2)).containsEntry("webhook",
                "https://example.com/hook");
        assertThat(cron.run().kwargs()).containsEntry("input", Map.of("y", 2));

        client.patch().uri("/runs/crons/" + CRON).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"schedule\":\"whenever\"}").exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void searchAsksEveryPartitionAndPagesWhatTheyFound() {
        post("/runs/crons/search", "{\"sort_order\":\"asc\",\"limit\":2,\"offset\":1}").expectStatus().isOk()
                .expectBody().jsonPath("$[*].cron_id").value(ids -> assertThat(ids).isEqualTo(List.of("cron-1",
                        "cron-2")));
        post("/runs/crons/count", "{\"thread_id\":\"" + THREAD + "\"}").expectStatus().isOk()
                .expectBody(Integer.class).isEqualTo(ScriptedSequencer.PARTITIONS);

        assertThat(writer.sent()).extracting(ScriptedSequencer.Sent::partition).doesNotContainNull();
        assertThat(writer.requests()).last().satisfies(r -> assertThat(((ThreadRequest.SearchCrons) r).onThread())
                .isEqualTo(THREAD));
    }

    private WebTestClient.ResponseSpec post(String uri, String body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** A thread cron as its writer would answer it. */
    private static Map<String, Object> stored() {
        var cron = new LinkedHashMap<String, Object>();
        cron.put("cron_id", CRON);
        cron.put("assistant_id", ECHO);
        cron.put("thread_id", THREAD);
        cron.put("schedule", "0 * * * *");
        cron.put("timezone", "UTC");
        cron.put("end_time", null);
        cron.put("enabled", true);
        cron.put("metadata", Map.of("a", 1));
        cron.put("payload", Map.of("assistant_id", "echo", "input", Map.of("x", 1), "webhook",
                "https://example.com/hook", "metadata", Map.of("a", 1)));
        return cron;
    }

    private static Map<String, Object> api(CronSpec cron) {
        var api = new LinkedHashMap<String, Object>();
        api.put("cron_id", cron.cronId());
        api.put("schedule", cron.schedule());
        api.put("enabled", cron.enabled());
        return api;
    }
}
