package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AttemptOutcomeTests {

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void successIsDelivered(int status) {
        assertThat(AttemptOutcome.ofStatus(status, null)).isInstanceOf(AttemptOutcome.Delivered.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429})
    void serverErrorsAndTooManyRequestsAreRetried(int status) {
        assertThat(AttemptOutcome.ofStatus(status, null)).isInstanceOf(AttemptOutcome.Retryable.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 422, 301, 302})
    void otherClientErrorsAndRedirectsAreNotRetried(int status) {
        assertThat(AttemptOutcome.ofStatus(status, null)).isInstanceOf(AttemptOutcome.Rejected.class);
    }

    @Test
    void retryAfterTravelsWithTheRetry() {
        var outcome = (AttemptOutcome.Retryable) AttemptOutcome.ofStatus(429, Duration.ofSeconds(7));

        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(outcome.statusCode()).isEqualTo(429);
    }
}
