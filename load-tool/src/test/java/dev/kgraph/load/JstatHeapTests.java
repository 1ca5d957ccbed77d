package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JstatHeapTests {

    private static final List<String> HEADER = List.of("S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT".split(" "));

    @Test
    void usedHeapIsSurvivorsEdenAndOldGenerationUsed() {
        String[] line = "0.0 4096.0 0.0 1024.0 200704.0 102400.0 300000.0 51200.0 90000.0 88000.0 11000.0 10000.0 12 0.345 0 0.000 4 0.010 0.355"
                .split(" ");

        assertThat(JstatHeap.usedBytes(HEADER, line)).isEqualTo((1024L + 102400 + 51200) * 1024);
    }

    @Test
    void ignoresLinesThatAreNotFigures() {
        assertThat(JstatHeap.usedBytes(null, new String[] {"1"})).isEqualTo(-1);
        assertThat(JstatHeap.usedBytes(HEADER, "Could not attach to 42".split(" "))).isEqualTo(-1);
    }
}
