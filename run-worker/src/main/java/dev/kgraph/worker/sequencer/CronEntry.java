package dev.kgraph.worker.sequencer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kgraph.model.crons.CronSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the crons store (key: cron id): the cron's definition and where its schedule stands.
 *
 * @param nextRunDate the tick its pending wake-up is for (ISO instant); null when none is pending (disabled, or
 *                    past its end time). A wake-up for any other time is stale (the cron was patched) and ignored.
 * @param lastTick    the latest tick that created a run (ISO instant), so a tick read again never creates a second
 */
record CronEntry(CronSpec spec, String createdAt, String updatedAt, String nextRunDate, String lastTick) {

    CronEntry withSchedule(String nextRunDate, String lastTick) {
        return new CronEntry(spec, createdAt, updatedAt, nextRunDate, lastTick);
    }

    /** The Cron object of the API. */
    @JsonIgnore
    Map<String, Object> toApi() {
        var api = new LinkedHashMap<String, Object>();
        api.put("cron_id", spec.cronId());
        api.put("assistant_id", spec.assistantId());
        api.put("thread_id", spec.threadId());
        api.put("on_run_completed", spec.threadId() == null ? spec.onRunCompleted() : null);
        api.put("end_time", spec.endTime());
        api.put("schedule", spec.schedule());
        api.put("timezone", spec.timezone());
        api.put("created_at", createdAt);
        api.put("updated_at", updatedAt);
        api.put("payload", spec.payload() == null ? Map.of() : spec.payload());
        api.put("user_id", spec.userId());
        api.put("next_run_date", nextRunDate);
        api.put("metadata", spec.metadata() == null ? Map.of() : spec.metadata());
        api.put("enabled", spec.enabled());
        return api;
    }
}
