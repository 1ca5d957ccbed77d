package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapGaugeTests {

    @Test
    void sumsTheHeapPoolsOfMicrometersUsedMemoryAndIgnoresTheRest() {
        String page = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 4.0E9
                """;

        assertThat(HeapGauge.usedHeap(page)).isEqualTo(10_485_760L + 20_000_000L + 1000L);
    }

    @Test
    void saysMinusOneWhenThePageHasNoHeapFigures() {
        assertThat(HeapGauge.usedHeap("404 Not Found")).isEqualTo(-1);
    }
}
