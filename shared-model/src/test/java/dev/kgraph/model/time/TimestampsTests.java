package dev.kgraph.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTests {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void writesAndReadsEveryInstantExactlyAsJavaTimeDoes() {
        var random = new SplittableRandom(20261204);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(YEAR_0 - 86_400 * 400L, YEAR_10000 + 86_400 * 400L);
            int nano = switch (i % 4) { // every fraction width ISO_INSTANT writes: none, 3, 6 and 9 digits
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            var instant = Instant.ofEpochSecond(seconds, nano);
            var text = Timestamps.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(Timestamps.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void readsEveryFractionWidthTheApiMayBeGiven() {
        for (var text : new String[] {"2026-12-04T13:35:49.1Z", "2026-12-04T13:35:49.12Z", "2026-12-04T13:35:49.1234Z",
                "2026-12-04T13:35:49.12345678Z", "2026-12-04T13:35:49.000000001Z", "2024-02-29T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormToJavaTimeWithItsResultOrItsError() {
        for (var text : new String[] {"2026-12-04T13:35:49+01:00", "2026-12-04t13:35:49z", "2026-12-04T24:00:00Z",
                "2026-12-31T23:59:60Z", "+10000-01-01T00:00:00Z", "2026-12-04T13:35:49.Z"}) {
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (var text : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-32T00:00:00Z",
                "2026-12-04T13:60:00Z", "2026-12-04T13:35:49.1234567890Z",
                "2026-12-04T13:35:4xZ", "2026-12-04 13:35:49Z", "2026-12-04T13:35:49", "", "-001-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
