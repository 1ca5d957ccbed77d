package dev.kgraph.model.assistants;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An assistant as workers publish it (compacted topic {@code kgraph.assistants}): the API fields plus the graph's
 * drawing and schemas, so gateways can answer {@code /assistants/*} without loading any graph code.
 */
public record AssistantRecord(String assistantId, String graphId, String name, String description, String createdAt,
                              String updatedAt, int version, Map<String, Object> config,
                              Map<String, Object> context, Map<String, Object> metadata,
                              Map<String, Object> graph, Map<String, Object> schemas) {

    /** LangGraph's NAMESPACE_GRAPH (one digit off RFC 4122's URL namespace), from which system assistant ids derive. */
    private static final UUID NAMESPACE_GRAPH = UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8");

    /** The Assistant object of the API, in its key order. */
    @JsonIgnore
    public Map<String, Object> toApi() {
        var api = new LinkedHashMap<String, Object>();
        api.put("assistant_id", assistantId);
        api.put("graph_id", graphId);
        api.put("config", config);
        api.put("context", context);
        api.put("created_at", createdAt);
        api.put("updated_at", updatedAt);
        api.put("metadata", metadata);
        api.put("version", version);
        api.put("name", name);
        api.put("description", description);
        return api;
    }

    /** {@code uuid5(NAMESPACE_GRAPH, graphId)}: the id LangGraph gives the system assistant of a graph. */
    public static String systemAssistantId(String graphId) {
        try {
            var sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE_GRAPH));
            byte[] hash = sha1.digest(graphId.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (hash[i] & 0xff);
                lsb = (lsb << 8) | (hash[i + 8] & 0xff);
            }
            return new UUID(msb, lsb).toString();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-1 is required by every JDK", impossible);
        }
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] out = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }
}
