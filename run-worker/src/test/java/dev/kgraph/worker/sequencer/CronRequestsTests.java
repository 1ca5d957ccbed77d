package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.crons.CronSpec;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunSpec;
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

/**
 * The crons' single writer with an injected clock: creation schedules the first tick, a tick sends one CreateRun with
 * the run id derived from (cron, tick) and schedules the next, disabled / ended / deleted crons stop, a replayed tick
 * makes no second run, and ticks missed during a long gap fire once.
 */
class CronRequestsTests {
    private static final String CRON = "c0000000-0000-4000-8000-000000000001";
    private static final String THREAD = "70000000-0000-4000-8000-000000000001";
    private static final String ASSISTANT = "a0000000-0000-4000-8000-000000000001";
    private static final Instant START = Instant.parse("2026-01-01T00:00:10Z");

    @TempDir
    Path stateDir;
    private final ThreadSequencerTests.MovableClock clock = new ThreadSequencerTests.MovableClock(START);
    private TopologyTestDriver driver;
    private TestInputTopic<String, ThreadRequest> requests;
    private TestOutputTopic<String, ThreadRequest> sent;
    private TestOutputTopic<String, Reply> replies;
    private int requestCount;

    @BeforeEach
    void startTopology() {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "crons-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SequencerTopology.build(new NoDispatch(), 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) -> {
                    throw new UnsupportedOperationException();
                }, clock), props, clock.instant());
        requests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer());
        sent = driver.createOutputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().deserializer(),
                Topics.REQUESTS.valueSerde().deserializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
                Topics.REPLIES.valueSerde().deserializer());
        ask(new ThreadRequest.CreateThread(nextId(), THREAD, "gw", Map.of(), "raise", START.toString(), null));
        sent.readValuesToList(); // what the test piped in
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void createAnswersTheCronWithItsFirstTickAndATickSendsOneRunWithTheDerivedIdThenSchedulesTheNext() {
        // when
        var created = ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("*/5 * * * *", true, null)));

        // then
        assertThat(created.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(body(created)).containsEntry("cron_id", CRON).containsEntry("thread_id", THREAD)
                .containsEntry("next_run_date", "2026-01-01T00:05:00Z").containsEntry("enabled", true);
        sent.readValuesToList();

        // when: the clock reaches the tick
        leap(Duration.ofMinutes(5)); // 00:05:10

        // then
        var tick = Instant.parse("2026-01-01T00:05:00Z");
        assertThat(createdRuns()).singleElement().satisfies(run -> {
            assertThat(run.threadId()).isEqualTo(THREAD);
            assertThat(run.run().runId()).isEqualTo(CronIds.runId(CRON, tick));
            assertThat(run.replyTo()).isNull();
            assertThat(configurable(run.run())).containsEntry("run_id", run.run().runId())
                    .containsEntry("thread_id", THREAD);
        });
        assertThat(runIdsOn(THREAD)).containsExactly(CronIds.runId(CRON, tick));
        assertThat(body(get())).containsEntry("next_run_date", "2026-01-01T00:10:00Z");

        // when: the next tick
        leap(Duration.ofMinutes(5));

        // then
        assertThat(createdRuns()).singleElement().satisfies(run -> assertThat(run.run().runId())
                .isEqualTo(CronIds.runId(CRON, Instant.parse("2026-01-01T00:10:00Z"))));
        assertThat(runIdsOn(THREAD)).hasSize(2);
    }

    @Test
    void aStatelessCronRunsEachTickOnANewThreadThatItsRunCreates() {
        // given
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", statelessCron("* * * * *", "keep")));
        sent.readValuesToList();

        // when
        leap(Duration.ofMinutes(1)); // 00:01:10
        leap(Duration.ofMinutes(1)); // 00:02:10

        // then
        var runs = createdRuns();
        assertThat(runs).extracting(ThreadRequest.CreateRun::threadId).containsExactly(
                CronIds.threadId(CRON, Instant.parse("2026-01-01T00:01:00Z")),
                CronIds.threadId(CRON, Instant.parse("2026-01-01T00:02:00Z")));
        assertThat(runs).allSatisfy(run -> assertThat(run.run().createsThread()).isTrue());
        assertThat(runIdsOn(runs.getFirst().threadId())).containsExactly(runs.getFirst().run().runId());
    }

    @Test
    void aDisabledCronDoesNotTickUntilAPatchEnablesIt() {
        // given
        var created = ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("* * * * *", false, null)));
        assertThat(body(created)).containsEntry("next_run_date", null).containsEntry("enabled", false);

        // when
        leap(Duration.ofMinutes(3));

        // then
        assertThat(createdRuns()).isEmpty();

        // when: enabled at 00:03:10
        var patched = ask(new ThreadRequest.PatchCron(nextId(), CRON, "gw", threadCron("* * * * *", true, null)));
        leap(Duration.ofMinutes(1));

        // then
        assertThat(body(patched)).containsEntry("next_run_date", "2026-01-01T00:04:00Z");
        assertThat(createdRuns()).extracting(r -> r.run().runId())
                .containsExactly(CronIds.runId(CRON, Instant.parse("2026-01-01T00:04:00Z")));
    }

    @Test
    void disablingByPatchStopsThePendingTick() {
        // given
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("* * * * *", true, null)));

        // when
        ask(new ThreadRequest.PatchCron(nextId(), CRON, "gw", threadCron("* * * * *", false, null)));
        leap(Duration.ofMinutes(2));

        // then
        assertThat(createdRuns()).isEmpty();
    }

    @Test
    void aCronStopsAfterItsEndTime() {
        // given: ends at 00:07, so only the 00:05 tick fires
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw",
                threadCron("*/5 * * * *", true, "2026-01-01T00:07:00Z")));

        // when
        leap(Duration.ofMinutes(5));
        var first = createdRuns();
        var afterFirst = get();
        leap(Duration.ofMinutes(10));

        // then
        assertThat(first).hasSize(1);
        assertThat(body(afterFirst)).containsEntry("next_run_date", null);
        assertThat(createdRuns()).isEmpty();
    }

    @Test
    void afterALongGapTheLatestTickBeforeTheEndTimeFiresOnce() {
        // given: ends at 00:17
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw",
                threadCron("*/5 * * * *", true, "2026-01-01T00:17:00Z")));

        // when: nothing ran for an hour
        leap(Duration.ofHours(1));

        // then: the 00:15 tick, the last before the end, fired once; nothing is scheduled after it
        assertThat(createdRuns()).extracting(r -> r.run().runId())
                .containsExactly(CronIds.runId(CRON, Instant.parse("2026-01-01T00:15:00Z")));
        assertThat(body(get())).containsEntry("next_run_date", null);
    }

    @Test
    void aDeletedCronNeverTicksAgain() {
        // given
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("* * * * *", true, null)));

        // when
        var deleted = ask(new ThreadRequest.DeleteCron(nextId(), CRON, "gw"));
        leap(Duration.ofMinutes(2));

        // then
        assertThat(deleted.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(createdRuns()).isEmpty();
        assertThat(get().outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
        assertThat(ask(new ThreadRequest.DeleteCron(nextId(), CRON, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    void aTickDecidedAgainAfterACrashLostItsStoreWritesMakesNoSecondRun() {
        // given: the cron as it was before its first tick
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("* * * * *", true, null)));
        KeyValueStore<String, CronEntry> crons = driver.getKeyValueStore(SequencerStores.CRONS);
        KeyValueStore<String, String> schedule = driver.getKeyValueStore(SequencerStores.SCHEDULE);
        var beforeTick = crons.get(CRON);
        var wakeUps = allOf(schedule);
        leap(Duration.ofMinutes(1));
        assertThat(createdRuns()).hasSize(1);

        // when: the tick's store writes are undone (a crash before the commit, at-least-once) and it runs again
        crons.put(CRON, beforeTick);
        wakeUps.forEach(schedule::put);
        leap(Duration.ofMillis(20));

        // then: the same run id was sent again, and the thread's writer kept one run
        assertThat(createdRuns()).extracting(r -> r.run().runId())
                .containsExactly(CronIds.runId(CRON, Instant.parse("2026-01-01T00:01:00Z")));
        assertThat(runIdsOn(THREAD)).hasSize(1);

        // when: a stale wake-up of a tick that already fired is found (the cron has moved on)
        wakeUps.forEach(schedule::put);
        leap(Duration.ofMillis(20));

        // then
        assertThat(createdRuns()).isEmpty();
        assertThat(runIdsOn(THREAD)).hasSize(1);
    }

    @Test
    void ticksMissedDuringALongGapFireOnceForTheLatestThenTheScheduleGoesOn() {
        // given
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("*/5 * * * *", true, null)));

        // when: nothing ran for three hours (the punctuation sees everything at once)
        leap(Duration.ofHours(3)); // 03:00:10

        // then: one run, for 03:00, and the next tick at 03:05
        assertThat(createdRuns()).extracting(r -> r.run().runId())
                .containsExactly(CronIds.runId(CRON, Instant.parse("2026-01-01T03:00:00Z")));
        assertThat(body(get())).containsEntry("next_run_date", "2026-01-01T03:05:00Z");

        // when
        leap(Duration.ofMinutes(5));

        // then
        assertThat(createdRuns()).hasSize(1);
    }

    @Test
    void aScheduleIsReadInTheCronsTimezone() {
        // when: 09:00 in New York is 14:00 UTC in January
        var spec = threadCron("0 9 * * *", true, null);
        var created = ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", new CronSpec(spec.cronId(),
                spec.assistantId(), spec.threadId(), spec.schedule(), "America/New_York", null, true, null,
                Map.of(), Map.of(), spec.run(), null)));

        // then
        assertThat(body(created)).containsEntry("next_run_date", "2026-01-01T14:00:00Z");
    }

    @Test
    void searchFiltersByAssistantThreadAndEnabled() {
        // given
        ask(new ThreadRequest.CreateCron(nextId(), CRON, "gw", threadCron("* * * * *", true, null)));
        ask(new ThreadRequest.CreateCron(nextId(), "c0000000-0000-4000-8000-000000000002", "gw",
                statelessCron("* * * * *", "delete")));

        // then
        assertThat(search(null, null, null)).hasSize(2);
        assertThat(search(null, THREAD, null)).extracting(c -> c.get("cron_id")).containsExactly(CRON);
        assertThat(search(ASSISTANT, null, false)).isEmpty();
        assertThat(search("a0000000-0000-4000-8000-00000000000f", null, null)).isEmpty();
    }

    @Test
    void derivedIdsAreUuid7ShapedAndDependOnCronAndTickOnly() {
        var tick = Instant.parse("2026-01-01T00:05:00Z");
        var id = java.util.UUID.fromString(CronIds.runId(CRON, tick));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(tick.toEpochMilli());
        assertThat(CronIds.runId(CRON, tick)).isEqualTo(id.toString()).isNotEqualTo(CronIds.threadId(CRON, tick))
                .isNotEqualTo(CronIds.runId(CRON, tick.plusSeconds(60)))
                .isNotEqualTo(CronIds.runId("c0000000-0000-4000-8000-000000000002", tick));
    }

    private CronSpec threadCron(String schedule, boolean enabled, String endTime) {
        return new CronSpec(CRON, ASSISTANT, THREAD, schedule, "UTC", endTime, enabled, null, Map.of(),
                Map.of("input", Map.of()), template(THREAD, "reject", false), null);
    }

    private CronSpec statelessCron(String schedule, String onRunCompleted) {
        return new CronSpec(CRON, ASSISTANT, null, schedule, "UTC", null, true, onRunCompleted, Map.of(),
                Map.of("input", Map.of()), template("", "create", "delete".equals(onRunCompleted)), null);
    }

    private static RunSpec template(String threadId, String ifNotExists, boolean temporary) {
        var configurable = Map.<String, Object>of("run_id", "", "thread_id", threadId, "graph_id", "echo",
                "assistant_id", ASSISTANT);
        return new RunSpec(null, ASSISTANT, "echo", null, Map.of(), Map.of("input", Map.of(), "config",
                Map.of("configurable", configurable), "temporary", temporary), "enqueue", ifNotExists, 0, temporary,
                Map.of("graph_id", "echo", "assistant_id", ASSISTANT));
    }

    private List<ThreadRequest.CreateRun> createdRuns() {
        return sent.readValuesToList().stream().filter(ThreadRequest.CreateRun.class::isInstance)
                .map(ThreadRequest.CreateRun.class::cast).toList();
    }

    private List<String> runIdsOn(String threadId) {
        var reply = ask(new ThreadRequest.ListRuns(nextId(), threadId, "gw", 100, 0, null));
        sent.readValuesToList();
        @SuppressWarnings("unchecked")
        var runs = (List<Object>) reply.body();
        return runs.stream().map(run -> String.valueOf(
                dev.kgraph.model.json.Json.MAPPER.valueToTree(run).get("run_id").asString())).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> search(String assistantId, String threadId, Boolean enabled) {
        var reply = ask(new ThreadRequest.SearchCrons(nextId(), "*", "gw", assistantId, threadId, enabled));
        return (List<Map<String, Object>>) reply.body();
    }

    private Reply get() {
        var reply = ask(new ThreadRequest.GetCron(nextId(), CRON, "gw"));
        sent.readValuesToList();
        return reply;
    }

    private static <K, V> Map<K, V> allOf(KeyValueStore<K, V> store) {
        var all = new java.util.LinkedHashMap<K, V>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configurable(RunSpec run) {
        return (Map<String, Object>) ((Map<String, Object>) run.kwargs().get("config")).get("configurable");
    }

    private void leap(Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    private Reply ask(ThreadRequest request) {
        requests.pipeInput(request.threadId(), request);
        var last = replies.readValuesToList().getLast();
        return last;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Reply reply) {
        return (Map<String, Object>) reply.body();
    }

    private String nextId() {
        return "request-" + requestCount++;
    }
}
