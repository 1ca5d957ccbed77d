package dev.kgraph.gateway.api;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /threads}. Built by {@link ThreadRequestParser}. {@code supersteps} (pre-seeding a thread
 * with a sequence of state updates) is accepted by the parser and not represented: this server does not support it.
 *
 * @param threadId the id to create the thread under; a new id is generated when absent
 * @param ttlMinutes the thread is deleted this many minutes after its creation ({@code {"strategy":"delete","ttl":m}});
 *                   null: it lives until deleted
 */
public record ThreadCreateRequest(@Nullable UUID threadId, @Nullable ObjectNode metadata,
                                  @Nullable IfExists ifExists, @Nullable Double ttlMinutes) {

    public IfExists effectiveIfExists() {
        return ifExists == null ? IfExists.RAISE : ifExists;
    }
}
