package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTests {
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Mon, 05 Jan 2026 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void ignoresAbsentMalformedAndPastValues() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("0", NOW)).isNull();
        assertThat(RetryAfter.parse("Mon, 05 Jan 2026 09:00:00 GMT", NOW)).isNull();
    }

    @Test
    void aReceiverCannotPostponeBeyondTheCap() {
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isEqualTo(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse(String.valueOf(Duration.ofDays(3).toSeconds()), NOW))
                .isEqualTo(RetryAfter.LONGEST);
    }
}
