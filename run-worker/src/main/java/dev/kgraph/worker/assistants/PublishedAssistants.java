package dev.kgraph.worker.assistants;

import java.util.List;

/** Whether this worker's assistants reached Kafka (acknowledged), i.e. gateways can know its graphs. */
public final class PublishedAssistants {
    private volatile List<String> graphIds;

    /** Called once {@link AssistantPublisher#publishAll()} returned. */
    public void published(List<String> graphIds) {
        this.graphIds = List.copyOf(graphIds);
    }

    public boolean done() {
        return graphIds != null;
    }
}
