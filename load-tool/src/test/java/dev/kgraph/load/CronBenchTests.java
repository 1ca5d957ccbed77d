package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronBenchTests {

    @Test
    void aCronRunsIdCarriesItsTickInItsFirst48Bits() {
        // CronIds writes the tick's epoch milliseconds as the first 12 hex digits, as uuid7 does with its time
        var tick = Instant.parse("2026-12-02T23:00:00Z");
        var hex = String.format("%012x", tick.toEpochMilli());
        var runId = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-7abc-8def-0123456789ab";

        assertThat(CronBench.tickOf(runId)).isEqualTo(tick);
    }
}
