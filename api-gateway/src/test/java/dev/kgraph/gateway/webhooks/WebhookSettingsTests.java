package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSettingsTests {

    @Test
    void theDefaultRetriesSpanAtLeastADay() {
        var schedule = WebhookSettings.defaults().retrySchedule();

        assertThat(schedule).hasSize(11); // 12 attempts
        assertThat(schedule.getFirst()).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule).allMatch(wait -> wait.compareTo(Duration.ofHours(6)) <= 0);
        assertThat(schedule.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofDays(1));
    }

    @Test
    void theDefaultsAreSafe() {
        var defaults = WebhookSettings.defaults();

        assertThat(defaults.allowLoopback()).isFalse();
        assertThat(defaults.allowPrivate()).isFalse();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
