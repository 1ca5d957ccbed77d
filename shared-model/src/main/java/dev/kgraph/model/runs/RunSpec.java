package dev.kgraph.model.runs;

import dev.kgraph.model.json.RawJsonMap;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Everything a gateway decided about a new run before handing it to the thread's single writer: identifiers, the
 * resolved graph, the run's {@code kwargs} (exactly as the API returns them) and the options the writer must apply
 * ({@code if_not_exists}, {@code multitask_strategy}, {@code after_seconds}, stateless handling).
 */
public record RunSpec(String runId, String assistantId, String graphId, String createdAt,
                      Map<String, Object> metadata,
                      @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> kwargs,
                      String multitaskStrategy, String ifNotExists, double afterSeconds,
                      boolean temporary, Map<String, Object> threadMetadata) {

    public boolean createsThread() {
        return "create".equals(ifNotExists);
    }
}
