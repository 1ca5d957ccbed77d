package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BurstOptionsTests {

    @Test
    void defaultsToTenThousandRunsOfOneSecondOnAThousandSlots() {
        var options = BurstOptions.parse(new String[] {"http://127.0.0.1:8123", "--mode", "burst"});

        assertThat(options.runs()).isEqualTo(10_000);
        assertThat(options.runMs()).isEqualTo(1000);
        assertThat(options.slots()).isEqualTo(1000);
        assertThat(options.idealSeconds()).isEqualTo(10.0);
        assertThat(options.startSample()).isEqualTo(2000);
        assertThat(options.serverPid()).isNull();
    }

    @Test
    void theIdealCountsWholeWavesOfSlots() {
        var options = BurstOptions.parse(new String[] {"--mode=burst", "--runs", "1001", "--slots", "500", "--ms", "200"});

        assertThat(options.idealSeconds()).isEqualTo(0.6); // three waves of 200 ms
    }

    @Test
    void isChosenByItsModeOnly() {
        assertThat(BurstOptions.requested(new String[] {"--mode", "burst"})).isTrue();
        assertThat(BurstOptions.requested(new String[] {"--mode=burst"})).isTrue();
        assertThat(BurstOptions.requested(new String[] {"--mode", "stream"})).isFalse();
    }

    @Test
    void refusesWhatWouldMakeABurstHarmfulOrMeaningless() {
        assertThatThrownBy(() -> BurstOptions.parse(new String[] {"http://example.com", "--mode", "burst"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurstOptions.parse(new String[] {"--mode", "burst", "--runs", "10001"}))
                .hasMessageContaining("--runs");
        assertThatThrownBy(() -> BurstOptions.parse(new String[] {"--mode", "burst", "--runs", "10", "--start-sample", "11"}))
                .hasMessageContaining("--start-sample");
        assertThatThrownBy(() -> BurstOptions.parse(new String[] {"--mode", "burst", "--clients", "3"}))
                .hasMessageContaining("unknown options");
    }
}
