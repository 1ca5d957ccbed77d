package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruMapTests {

    @Test
    void dropsTheLeastRecentlyUsedEntryBeyondItsCapacity() {
        var map = new LruMap<String, Integer>(2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a"); // "a" is now the most recently used: "b" goes first
        map.put("c", 3);

        assertThat(map).containsOnlyKeys("a", "c");
    }
}
