package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class SequencerStoresTests {

    /**
     * The worker declares a changelog for each name in {@link SequencerStores#ALL}, created at start-up; a store the
     * topology has but the list lacks would get its changelog from Kafka Streams' first rebalance instead, which waits
     * for it (and one the list has but the topology lacks would be an orphan topic).
     */
    @Test
    void theDeclaredStoresAreExactlyTheTopologysStores() {
        var topology = SequencerTopology.build(new NoDispatch(), 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) -> null,
                new ThreadSequencerTests.MovableClock(Instant.parse("2026-01-01T00:00:00Z")));

        Set<String> stores = new HashSet<>();
        for (var subtopology : topology.describe().subtopologies()) {
            for (var node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }

        assertThat(stores).containsExactlyInAnyOrderElementsOf(SequencerStores.ALL);
    }
}
