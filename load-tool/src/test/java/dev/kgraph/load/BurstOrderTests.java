package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstOrderTests {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void runsStartedInArrivalOrderAsTheyArrivedScoreOneAndNoDelay() {
        var samples = new ArrayList<BurstOrder.Sample>();
        for (int i = 0; i < 100; i++) {
            samples.add(new BurstOrder.Sample(i, T0 + i, (T0 + i) * 1_000_000 + 500_000)); // 0.5 ms after arrival
        }

        var order = BurstOrder.of(samples, 100, T0, T0 + 99, 1000);

        assertThat(order.spearman()).isEqualTo(1.0);
        assertThat(order.displacementRuns()).containsExactly(0L, 0L, 0L);
        assertThat(order.startedWhileArriving()).isEqualTo(1.0);
        assertThat(order.firstWaveStartDelayMs().p50()).isEqualTo(0.5);
        assertThat(order.arrivalSpanMs()).isEqualTo(99);
    }

    @Test
    void runsThatStartedOnlyOnceTheBurstWasInAndInReverseAreCaughtBothWays() {
        var samples = new ArrayList<BurstOrder.Sample>();
        for (int i = 0; i < 10; i++) {
            // arrivals over 10 ms, starts 5 s later, last arrival first; a sample of one run in ten
            samples.add(new BurstOrder.Sample(i * 10, T0 + i, (T0 + 5_000 + (10 - i)) * 1_000_000));
        }

        var order = BurstOrder.of(samples, 100, T0, T0 + 9, 50);

        assertThat(order.spearman()).isEqualTo(-1.0);
        assertThat(order.startedWhileArriving()).isZero();
        assertThat(order.firstStartMs()).isEqualTo(5_001);
        assertThat(order.firstWaveStartDelayMs().samples()).isEqualTo(5); // ranks 0..40 of 50 slots
        assertThat(order.displacementRuns().get(2)).isEqualTo(90); // the first and the last swapped: 9 samples of 10
    }

    @Test
    void readsTheArrivalMillisecondOfAUuid7() {
        assertThat(BurstOrder.uuid7Millis("01a23a82-a13a-7000-90c1-57d740cdb98e")).isEqualTo(0x01a23a82a13aL);
    }

    @Test
    void saysNothingWithoutSamples() {
        assertThat(BurstOrder.of(List.of(), 10, T0, T0 + 5, 10).sampled()).isZero();
    }
}
