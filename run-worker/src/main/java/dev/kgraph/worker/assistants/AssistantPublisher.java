package dev.kgraph.worker.assistants;

import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.worker.graphs.GraphProvider;
import dev.kgraph.worker.graphs.GraphRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes this worker's graphs known to every gateway: one system assistant per graph ({@code uuid5} id,
 * {@code metadata.created_by = "system"}) with the graph's drawing and schemas, on a compacted topic that gateways
 * read whole. Gateways therefore never load graph code.
 */
public final class AssistantPublisher {
    private final GraphRegistry graphs;
    private final Producer<String, AssistantRecord> producer;
    private final Clock clock;

    public AssistantPublisher(GraphRegistry graphs, Producer<String, AssistantRecord> producer, Clock clock) {
        this.graphs = graphs;
        this.producer = producer;
        this.clock = clock;
    }

    /** Publishes every assistant and waits for the broker's acknowledgement, so a started worker is visible. */
    public void publishAll() throws ExecutionException, InterruptedException, TimeoutException {
        var now = clock.instant().toString();
        for (var provider : graphs.providers().values()) {
            var record = assistant(provider, graphs.graph(provider.graphId()), now);
            producer.send(new ProducerRecord<>(Topics.ASSISTANTS.name(), record.assistantId(), record))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static AssistantRecord assistant(GraphProvider provider, CompiledGraph graph, String now) {
        var id = AssistantRecord.systemAssistantId(provider.graphId());
        var schema = graph.stateSchema();
        var schemas = new LinkedHashMap<String, Object>();
        schemas.put("graph_id", provider.graphId());
        schemas.put("input_schema", schema);
        schemas.put("output_schema", schema);
        schemas.put("state_schema", schema);
        schemas.put("config_schema", Map.of("title", "Configurable", "type", "object", "properties", Map.of()));
        schemas.put("context_schema", Map.of("title", "Context", "type", "object", "properties", Map.of()));
        return new AssistantRecord(id, provider.graphId(), provider.graphId(), provider.description(), now, now, 1,
                Map.of(), Map.of(), Map.of("created_by", "system"), graph.describe(), schemas);
    }
}
