package dev.kgraph.model.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The API's timestamps ({@code created_at}, {@code updated_at}, ...) as {@link Instant#toString()} writes them, e.g.
 * {@code 2026-12-04T13:35:49.123456Z}: read and written without {@code DateTimeFormatter}. The thread's writer reads a
 * run's {@code created_at} at every start decision and stamps several of them per decision; {@link Instant#parse}
 * builds a formatter on every call and cost 4.5 % of the writer's thread in a 64-client profile (docs/benchmarks.md).
 * Exactly what {@code Instant.parse} and {@code Instant.toString} give: anything but the canonical UTC form (an
 * offset, a year outside 0000-9999, a malformed text) is handed to them.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** As {@link Instant#parse(CharSequence)}, same result and same exception for the same text. */
    public static Instant parse(String text) {
        var fast = parseCanonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** As {@link Instant#toString()}, same text. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        if (days < MIN_EPOCH_DAY || days > MAX_EPOCH_DAY) {
            return instant.toString();
        }
        var date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nano = instant.getNano();
        var text = new StringBuilder(30);
        digits(text, date.getYear(), 4).append('-');
        digits(text, date.getMonthValue(), 2).append('-');
        digits(text, date.getDayOfMonth(), 2).append('T');
        digits(text, secondOfDay / 3600, 2).append(':');
        digits(text, secondOfDay / 60 % 60, 2).append(':');
        digits(text, secondOfDay % 60, 2);
        if (nano != 0) { // as ISO_INSTANT: 3, 6 or 9 digits, the fewest that hold the value
            text.append('.');
            if (nano % 1_000_000 == 0) {
                digits(text, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(text, nano / 1_000, 6);
            } else {
                digits(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static final long MIN_EPOCH_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        var s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(s);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, every field in range; null for anything else. */
    private static Instant parseCanonical(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
        int hour = number(text, 11, 2), minute = number(text, 14, 2), second = number(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > monthLength(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // 24:00, leap seconds and invalid dates: java.time's own rules and errors
        }
        int nano = 0;
        if (length > 20) {
            int fraction = length - 21; // between the '.' and the 'Z'
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = number(text, 20, fraction);
            if (nano < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nano);
    }

    private static int monthLength(int year, int month) {
        return LocalDate.of(year, month, 1).lengthOfMonth();
    }

    /** The decimal number in {@code text[from, from + width)}, or -1 if any of those is not a digit. */
    private static int number(String text, int from, int width) {
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
