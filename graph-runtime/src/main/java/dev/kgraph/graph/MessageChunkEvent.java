package dev.kgraph.graph;

import java.util.List;
import java.util.Map;

/**
 * A piece of a chat message a node is producing, e.g. one LLM token (stream modes {@code messages} and
 * {@code messages-tuple}), sent with {@link NodeContext#emitMessageChunk(String, String)}.
 *
 * @param chunk    the chunk in LangChain's serialised shape: {@code {type: "AIMessageChunk", id, content, ...}};
 *                 chunks with the same {@code id} belong to one message and are concatenated in order
 * @param metadata LangGraph's callback metadata: {@code langgraph_step}, {@code langgraph_node},
 *                 {@code langgraph_triggers}, {@code langgraph_path}, {@code langgraph_checkpoint_ns}, and the
 *                 run's own metadata
 */
public record MessageChunkEvent(List<String> namespace, Map<String, Object> chunk, Map<String, Object> metadata)
        implements StreamEvent {
}
