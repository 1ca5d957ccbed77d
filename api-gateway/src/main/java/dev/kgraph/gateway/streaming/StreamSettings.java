package dev.kgraph.gateway.streaming;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Streaming settings ({@code kgraph.gateway.streaming.*}).
 *
 * @param heartbeat  interval of the {@code : heartbeat} comments while no event flows (LangGraph: 5 s)
 * @param bufferSize events buffered per connection for a client slower than its run; beyond it the connection is
 *                   closed without a clean end and the client resumes with {@code Last-Event-ID}
 * @param maxReplays resumed streams served at once by this gateway (each holds a Kafka consumer); beyond it 503
 * @param endGrace   how long a stream whose run ended waits for the executor's done marker before it closes (a run
 *                   cancelled before it started, or out of attempts, has none)
 */
@ConfigurationProperties("kgraph.gateway.streaming")
public record StreamSettings(@DefaultValue("5s") Duration heartbeat,
                             @DefaultValue("4096") int bufferSize,
                             @DefaultValue("256") int maxReplays,
                             @DefaultValue("2s") Duration endGrace) {
}
