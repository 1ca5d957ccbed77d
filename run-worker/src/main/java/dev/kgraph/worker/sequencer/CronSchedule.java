package dev.kgraph.worker.sequencer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron's 5-field expression read in its time zone, with Spring's {@link CronExpression} (which wants a seconds
 * field first: ticks fall on second 0 of their minute). The gateway validated both, so they parse here.
 */
record CronSchedule(CronExpression expression, ZoneId zone) {
    /** Windows looked back in, smallest first, for the latest missed tick: bounds the work after a long outage. */
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(32), Duration.ofDays(367), Duration.ofDays(5 * 366));

    static CronSchedule of(String schedule, String timezone) {
        return new CronSchedule(CronExpression.parse("0 " + schedule.trim()),
                ZoneId.of(timezone == null ? "UTC" : timezone));
    }

    /** The first tick strictly after {@code after}; null when the expression never matches again. */
    Instant next(Instant after) {
        var next = expression.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /**
     * The latest tick in {@code [due, now]}, {@code due} being a tick that is due ({@code due <= now}): the one a
     * cron fires on recovery after missing several, so a long outage creates one run, not one per missed tick.
     */
    Instant latestDue(Instant due, Instant now) {
        for (var window : LOOK_BACK) {
            var start = now.minus(window);
            if (!start.isAfter(due)) {
                break; // the window reaches back to due: walk from due itself
            }
            var first = next(start.minusSeconds(1));
            if (first != null && !first.isAfter(now)) {
                return walk(first, now);
            }
        }
        return walk(due, now);
    }

    private Instant walk(Instant from, Instant now) {
        var latest = from;
        for (var next = next(latest); next != null && !next.isAfter(now); next = next(latest)) {
            latest = next;
        }
        return latest;
    }
}
