package dev.kgraph.gateway.crons;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.IfNotExists;
import dev.kgraph.gateway.api.RunCreationChecks;
import dev.kgraph.gateway.api.RunRequestParser;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.gateway.runs.RunSpecs;
import dev.kgraph.model.crons.CronSpec;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crons. A body is validated here (the cron's own fields by {@link CronBody}, the rest as a run request, with the
 * assistant resolved and its config merged as for any run) into a {@link CronSpec}, which the cron's single writer
 * (keyed by cron id) stores and ticks. Searches and counts ask every partition's writer.
 */
@Tag(name = "Crons", description = "Runs created on a schedule")
@RestController
class CronsController {
    private final SequencerClient sequencer;
    private final AssistantDirectory assistants;
    private final Clock clock;

    CronsController(SequencerClient sequencer, AssistantDirectory assistants, Clock gatewayClock) {
        this.sequencer = sequencer;
        this.assistants = assistants;
        this.clock = gatewayClock;
    }

    @Operation(summary = "Create Cron", description = "Each tick runs on a new thread, deleted once its run ended "
            + "unless on_run_completed is keep")
    @PostMapping("/runs/crons")
    Mono<Object> create(@RequestBody(required = false) JsonNode body) {
        var id = UUID.randomUUID().toString();
        var cron = define(id, null, object(body));
        return ask((requestId, replyTo) -> new ThreadRequest.CreateCron(requestId, id, replyTo, cron));
    }

    @Operation(summary = "Create Thread Cron", description = "Each tick runs on this thread")
    @PostMapping("/threads/{threadId}/runs/crons")
    Mono<Object> createForThread(@PathVariable String threadId, @RequestBody(required = false) JsonNode body) {
        var thread = Ids.requireUuid(threadId, "thread ID").toString();
        var id = UUID.randomUUID().toString();
        var cron = define(id, thread, object(body));
        var threadKnown = IfNotExists.CREATE.wire().equals(cron.run().ifNotExists()) ? Mono.<Reply>empty()
                : sequencer.ask((requestId, replyTo) -> new ThreadRequest.GetThread(requestId, thread, replyTo))
                .flatMap(SequencerClient.requireOk());
        return threadKnown.then(ask((requestId, replyTo) -> new ThreadRequest.CreateCron(requestId, id, replyTo,
                cron)));
    }

    @Operation(summary = "Get Cron")
    @GetMapping("/runs/crons/{cronId}")
    Mono<Object> get(@PathVariable String cronId) {
        var id = Ids.requireUuid(cronId, "cron ID").toString();
        return ask((requestId, replyTo) -> new ThreadRequest.GetCron(requestId, id, replyTo));
    }

    /**
     * The patch is merged into the cron as its writer has it (run fields replace the payload's, metadata is
     * merged), the result validated like a new cron, and the whole definition written back; the next tick is
     * computed again from now. Two patches of one cron at the same moment: the later write wins whole.
     */
    @Operation(summary = "Update Cron")
    @PatchMapping("/runs/crons/{cronId}")
    Mono<Object> patch(@PathVariable String cronId, @RequestBody(required = false) JsonNode body) {
        var id = Ids.requireUuid(cronId, "cron ID").toString();
        var fields = BodyFields.of(body);
        CronBody.read(fields, false);
        fields.requireValid(); // the patch's own mistakes are named before anything is read
        var patch = object(body);
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.GetCron(requestId, id, replyTo))
                .flatMap(SequencerClient.requireOk())
                .map(reply -> define(id, threadOf(reply), merged(asMap(reply.body()), patch)))
                .flatMap(cron -> ask((requestId, replyTo) -> new ThreadRequest.PatchCron(requestId, id, replyTo,
                        cron)));
    }

    @Operation(summary = "Delete Cron")
    @DeleteMapping("/runs/crons/{cronId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String cronId) {
        var id = Ids.requireUuid(cronId, "cron ID").toString();
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.DeleteCron(requestId, id, replyTo))
                .flatMap(SequencerClient.requireOk())
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    @Operation(summary = "Search Crons")
    @PostMapping("/runs/crons/search")
    Mono<List<Map<String, Object>>> search(@RequestBody(required = false) JsonNode body) {
        var query = CronSearch.of(body);
        return all(query).map(query::page);
    }

    @Operation(summary = "Count Crons")
    @PostMapping("/runs/crons/count")
    Mono<Integer> count(@RequestBody(required = false) JsonNode body) {
        var query = CronSearch.of(body);
        return all(query).map(List::size);
    }

    private Mono<List<Map<String, Object>>> all(CronSearch query) {
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.SearchCrons(requestId, "*",
                        replyTo, query.assistantId(), query.threadId(), query.enabled()))
                .flatMap(SequencerClient.requireOk())
                .flatMapIterable(reply -> reply.body() instanceof List<?> crons ? crons : List.of())
                .map(CronsController::asMap)
                .collectList();
    }

    /** A validated body as the cron its writer will store. */
    private CronSpec define(String cronId, String threadId, ObjectNode body) {
        var fields = BodyFields.of(body);
        var cron = CronBody.read(fields, true);
        fields.requireValid();
        var request = RunRequestParser.parse(body);
        RunCreationChecks.check(request, threadId != null);
        var assistant = assistants.resolve(request.assistantId());
        var onRunCompleted = threadId != null ? null : cron.onRunCompleted() == null ? "delete"
                : cron.onRunCompleted();
        var template = RunSpecs.cronTemplate(request, threadId, assistant, "delete".equals(onRunCompleted),
                clock.instant());
        var payload = new LinkedHashMap<String, Object>(asMap(Json.plain(body)));
        payload.keySet().removeAll(CronBody.CRON_FIELDS);
        payload.values().removeIf(java.util.Objects::isNull);
        return new CronSpec(cronId, assistant.assistantId(), threadId, cron.schedule().trim(),
                cron.timezone() == null ? "UTC" : cron.timezone(), cron.endTime(),
                cron.enabled() == null || cron.enabled(), onRunCompleted,
                cron.metadata() == null ? Map.of() : cron.metadata(), payload, template, null);
    }

    /** The body a patched cron is defined from: the cron's payload and own fields, then the patch over them. */
    private static ObjectNode merged(Map<String, Object> cron, ObjectNode patch) {
        var body = new LinkedHashMap<String, Object>(asMap(cron.get("payload")));
        body.put("assistant_id", cron.get("assistant_id"));
        for (var field : List.of("schedule", "timezone", "end_time", "enabled", "on_run_completed", "metadata")) {
            body.put(field, cron.get(field));
        }
        var changes = asMap(Json.plain(patch));
        changes.forEach((field, value) -> {
            if (value == null) {
                return; // absent and null both leave the field as it is
            }
            if ("metadata".equals(field)) {
                var metadata = new LinkedHashMap<String, Object>(asMap(body.get("metadata")));
                metadata.putAll(asMap(value));
                body.put(field, metadata);
            } else {
                body.put(field, value);
            }
        });
        body.values().removeIf(java.util.Objects::isNull);
        return (ObjectNode) Json.tree(body);
    }

    private static String threadOf(Reply reply) {
        return asMap(reply.body()).get("thread_id") instanceof String thread ? thread : null;
    }

    private Mono<Object> ask(SequencerClient.RequestFactory factory) {
        return sequencer.ask(factory).flatMap(SequencerClient.requireOk()).map(reply -> reply.body() == null
                ? Map.of() : reply.body());
    }

    private static ObjectNode object(JsonNode body) {
        if (body instanceof ObjectNode object) {
            return object;
        }
        throw new dev.kgraph.gateway.api.InvalidRequestException("body: must be a JSON object");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
