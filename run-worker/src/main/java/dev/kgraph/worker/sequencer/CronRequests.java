package dev.kgraph.worker.sequencer;

import dev.kgraph.model.crons.CronSpec;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.replies.Reply.Outcome;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.requests.ThreadRequest.CronRequest;
import dev.kgraph.model.runs.RunSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crons: create, read, patch, delete, search, and their ticks. A cron is keyed by its id on {@code kgraph.requests},
 * so one writer decides everything about it; it lives in the changelogged crons store, and its next tick is a
 * wake-up in the (changelogged) schedule store, found by the same wall-clock punctuation that starts
 * {@code after_seconds} runs. No timer lives in memory, so ticks survive restarts and partition moves.
 * <p>
 * A tick sends a {@code CreateRun} to the target thread's writer (through {@code kgraph.requests}, as a thread copy
 * does) with a run id derived from (cron id, tick time), records the tick and schedules the next one, all in the
 * same punctuation: a replayed tick is refused here (the tick is not after {@code lastTick}) and, failing that, by
 * the thread's writer (the run id exists). Ticks missed while the partition had no writer collapse into one: the
 * latest missed tick fires once when the wake-up is finally taken, older ones are skipped.
 */
final class CronRequests {
    private static final Logger log = LoggerFactory.getLogger(CronRequests.class);

    private final KeyValueStore<String, CronEntry> store;
    private final SequencerState state;

    CronRequests(ProcessorContext<String, Object> context, SequencerState state) {
        this.store = context.getStateStore(SequencerStores.CRONS);
        this.state = state;
    }

    Reply handle(CronRequest request) {
        return switch (request) {
            case ThreadRequest.CreateCron r -> create(r);
            case ThreadRequest.GetCron r -> get(r);
            case ThreadRequest.PatchCron r -> patch(r);
            case ThreadRequest.DeleteCron r -> delete(r);
            case ThreadRequest.SearchCrons r -> search(r);
        };
    }

    private Reply create(ThreadRequest.CreateCron r) {
        var existing = store.get(r.cronId());
        if (existing != null) {
            return Replies.ok(r, existing.toApi()); // the same create read again: the cron id is the gateway's
        }
        var at = state.now();
        var entry = scheduled(new CronEntry(r.cron(), at, at, null, null), null);
        store.put(r.cronId(), entry);
        return Replies.ok(r, entry.toApi());
    }

    private Reply get(ThreadRequest.GetCron r) {
        var entry = store.get(r.cronId());
        return entry == null ? notFound(r) : Replies.ok(r, entry.toApi());
    }

    private Reply patch(ThreadRequest.PatchCron r) {
        var existing = store.get(r.cronId());
        if (existing == null) {
            return notFound(r);
        }
        var patched = scheduled(new CronEntry(r.cron(), existing.createdAt(), state.now(), null,
                existing.lastTick()), existing.nextRunDate());
        store.put(r.cronId(), patched);
        return Replies.ok(r, patched.toApi());
    }

    private Reply delete(ThreadRequest.DeleteCron r) {
        if (store.get(r.cronId()) == null) {
            return notFound(r);
        }
        store.delete(r.cronId()); // its pending wake-up will find nothing
        return Replies.ok(r, null);
    }

    private Reply search(ThreadRequest.SearchCrons r) {
        var found = new ArrayList<Map<String, Object>>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> {
                var spec = kv.value.spec();
                if ((r.assistantId() == null || r.assistantId().equals(spec.assistantId()))
                        && (r.onThread() == null || r.onThread().equals(spec.threadId()))
                        && (r.enabled() == null || r.enabled() == spec.enabled())) {
                    found.add(kv.value.toApi());
                }
            });
        }
        return Replies.ok(r, found);
    }

    /** Takes the due ticks from the schedule store and fires them (called by the wall-clock punctuation). */
    void fireDue() {
        var now = state.instant();
        for (var tick : state.takeDueCronTicks(now)) {
            try {
                fire(tick, now);
            } catch (RuntimeException bug) {
                // one broken cron must not stop the stream thread; its tick is dropped and logged
                log.error("tick of cron {} at {} failed; skipped", tick.cronId(), tick.due(), bug);
            }
        }
    }

    private void fire(SequencerState.CronTick tick, Instant now) {
        var entry = store.get(tick.cronId());
        if (entry == null || !entry.spec().enabled() || entry.nextRunDate() == null
                || Instant.parse(entry.nextRunDate()).toEpochMilli() != tick.due().toEpochMilli()) {
            return; // deleted, disabled, or rescheduled by a patch: a stale wake-up
        }
        var spec = entry.spec();
        var schedule = CronSchedule.of(spec.schedule(), spec.timezone());
        // ticks missed past the end time do not count: the latest one before it may still fire
        var horizon = spec.endTime() != null && now.isAfter(Instant.parse(spec.endTime()))
                ? Instant.parse(spec.endTime()) : now;
        var latest = schedule.latestDue(tick.due(), horizon);
        if (ended(spec, latest)) {
            store.put(spec.cronId(), entry.withSchedule(null, entry.lastTick()));
            return;
        }
        var lastTick = entry.lastTick();
        if (lastTick == null || latest.isAfter(Instant.parse(lastTick))) {
            if (!latest.equals(tick.due())) {
                log.info("cron {} missed its ticks from {} to {}; fires once for {}", spec.cronId(), tick.due(),
                        latest, latest);
            }
            state.send(tickRun(spec, latest));
            lastTick = latest.toString();
        }
        var next = nextTick(spec, schedule, now); // latest <= now: the ticks up to now are done
        if (next != null) {
            state.scheduleCronTick(next, spec.cronId());
        }
        store.put(spec.cronId(), entry.withSchedule(next == null ? null : next.toString(), lastTick));
    }

    /** The entry with its next tick computed from now and its wake-up written (unless it is already pending). */
    private CronEntry scheduled(CronEntry entry, String pendingTick) {
        var spec = entry.spec();
        if (!spec.enabled()) {
            return entry.withSchedule(null, entry.lastTick());
        }
        var next = nextTick(spec, CronSchedule.of(spec.schedule(), spec.timezone()), state.instant());
        if (next == null) {
            return entry.withSchedule(null, entry.lastTick());
        }
        if (!Objects.equals(pendingTick, next.toString())) {
            state.scheduleCronTick(next, spec.cronId());
        }
        return entry.withSchedule(next.toString(), entry.lastTick());
    }

    private static Instant nextTick(CronSpec spec, CronSchedule schedule, Instant after) {
        var next = schedule.next(after);
        return next == null || ended(spec, next) ? null : next;
    }

    private static boolean ended(CronSpec spec, Instant tick) {
        return spec.endTime() != null && tick.isAfter(Instant.parse(spec.endTime()));
    }

    /**
     * The tick's run: the cron's template with the derived run id (and, stateless, thread id) written where the
     * gateway writes them, created now. Nobody waits for its answer (no {@code replyTo}).
     */
    private ThreadRequest.CreateRun tickRun(CronSpec spec, Instant tick) {
        var template = spec.run();
        var threadId = spec.threadId() != null ? spec.threadId() : CronIds.threadId(spec.cronId(), tick);
        var runId = CronIds.runId(spec.cronId(), tick);
        var kwargs = new LinkedHashMap<String, Object>(template.kwargs());
        var config = new LinkedHashMap<String, Object>(mapOf(kwargs.get("config")));
        var configurable = new LinkedHashMap<String, Object>(mapOf(config.get("configurable")));
        configurable.put("run_id", runId);
        configurable.put("thread_id", threadId);
        config.put("configurable", configurable);
        kwargs.put("config", config);
        var run = new RunSpec(runId, template.assistantId(), template.graphId(), state.now(), template.metadata(),
                kwargs, template.multitaskStrategy(), template.ifNotExists(), 0, template.temporary(),
                template.threadMetadata());
        return new ThreadRequest.CreateRun("cron:" + spec.cronId() + "@" + tick.toEpochMilli(), threadId, null, run);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Reply notFound(CronRequest r) {
        return Replies.failed(r, Outcome.NOT_FOUND, "Cron with ID " + r.cronId() + " not found");
    }
}
