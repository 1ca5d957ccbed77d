package dev.kgraph.gateway.crons;

import dev.kgraph.gateway.api.BodyFields;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * The fields of a cron body that are the cron's own (the rest is a run request, parsed as such). Each bad field is a
 * problem of {@link BodyFields}, so the 422 names it.
 *
 * @param schedule       a 5-field cron expression (minute hour day-of-month month day-of-week)
 * @param endTime        normalised to an ISO instant; a time without offset is read as UTC
 */
record CronBody(String schedule, String timezone, String endTime, Boolean enabled, String onRunCompleted,
                Map<String, Object> metadata) {

    /** Body fields that configure the cron rather than its runs: not part of the Cron's {@code payload}. */
    static final Set<String> CRON_FIELDS = Set.of("schedule", "timezone", "end_time", "enabled", "on_run_completed");

    static CronBody read(BodyFields fields, boolean scheduleRequired) {
        var schedule = fields.string("schedule");
        if (schedule == null && scheduleRequired) {
            fields.problem("schedule", "is required");
        } else if (schedule != null && !validSchedule(schedule)) {
            fields.problem("schedule", "must be a cron expression of 5 fields (minute hour day-of-month month "
                    + "day-of-week), e.g. \"*/5 * * * *\"");
        }
        var timezone = fields.string("timezone");
        if (timezone != null && !validZone(timezone)) {
            fields.problem("timezone", "must be an IANA time zone, e.g. \"Europe/Paris\" or \"UTC\"");
        }
        var endTime = fields.string("end_time");
        String end = null;
        if (endTime != null) {
            end = instant(endTime);
            if (end == null) {
                fields.problem("end_time", "must be an ISO 8601 date-time, e.g. \"2026-12-31T23:59:00Z\"");
            }
        }
        return new CronBody(schedule, timezone, end, fields.bool("enabled"),
                fields.oneOf("on_run_completed", java.util.List.of("delete", "keep"), null),
                fields.object("metadata"));
    }

    /** The 5-field expression as Spring reads it (it wants seconds first: ticks fall on second 0). */
    static boolean validSchedule(String schedule) {
        var trimmed = schedule.trim();
        if (trimmed.isEmpty() || trimmed.split("\\s+").length != 5) {
            return false;
        }
        try {
            CronExpression.parse("0 " + trimmed);
            return true;
        } catch (IllegalArgumentException bad) {
            return false;
        }
    }

    private static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException bad) {
            return false;
        }
    }

    private static String instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeException notOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeException notLocal) {
                try {
                    return Instant.parse(value).toString();
                } catch (DateTimeException bad) {
                    return null;
                }
            }
        }
    }
}
