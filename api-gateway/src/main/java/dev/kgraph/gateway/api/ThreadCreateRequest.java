package dev.kgraph.gateway.api;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /threads}. Built by {@link ThreadRequestParser}. {@code supersteps} (pre-seeding a thread
 * with a sequence of state updates) is accepted by the parser and not represented: this server does not support it.
 *
 * @param threadId the id to create the thread under; a new id is generated when absent
 * @param ttl      the time-to-live object as sent (e.g. {@code {"strategy":"delete","ttl":60}}, minutes); kept so it can
 *                 be echoed and honoured later, not enforced yet
 */
public record ThreadCreateRequest(@Nullable UUID threadId, @Nullable ObjectNode metadata,
                                  @Nullable IfExists ifExists, @Nullable ObjectNode ttl) {

    public IfExists effectiveIfExists() {
        return ifExists == null ? IfExists.RAISE : ifExists;
    }
}
