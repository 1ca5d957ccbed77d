package dev.kgraph.gateway.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook settings ({@code kgraph.webhooks.*}). The default retry schedule (1 s, ×4, capped at 6 h, 12 attempts)
 * waits 1 s, 4 s, 16 s ... 4.5 h, then 6 h three times: the last attempt happens about 24 h after the first.
 *
 * @param enabled            whether this gateway delivers webhooks at all (a dedicated dispatcher can take it over)
 * @param consumerGroup      the delivery consumer group is this plus {@code -delivery}
 * @param allowLoopback      allow receivers on loopback addresses (127.0.0.0/8, ::1, {@code localhost}); tests only
 * @param allowPrivate       allow private, unique-local, carrier-grade NAT and link-local addresses
 * @param allowedHosts       hosts exempt from the address checks ({@code hooks.internal}, or {@code *.corp} for a
 *                           domain and its subdomains); the scheme and port rules still apply
 * @param requireHttps       refuse {@code http} URLs
 * @param allowedPorts       the only ports accepted; empty accepts any
 * @param maxUrlLength       longest URL accepted
 * @param connectTimeout     TCP/TLS connect timeout of one attempt
 * @param requestTimeout     time allowed for the receiver's response to one attempt
 * @param signingSecret      HMAC-SHA256 key of the {@code X-Webhook-Signature} header; no signature when blank
 * @param attempts           attempts in all, the first included; then the delivery goes to the dead-letter topic
 * @param initialBackoff     wait before the second attempt
 * @param backoffMultiplier  growth of the wait from one attempt to the next
 * @param maxBackoff         longest wait between two attempts
 * @param concurrency        consumers per delivery topic in this gateway (each blocks on one receiver at a time)
 * @param retryListenersOnDemand start the listeners of the retry and dead-letter topics only once they have something
 *                           to read ({@link RetryListenersOnDemand}); for a single dispatching gateway
 */
@ConfigurationProperties("kgraph.webhooks")
public record WebhookSettings(@DefaultValue("true") boolean enabled,
                              @DefaultValue("kgraph-webhooks") String consumerGroup,
                              @DefaultValue("false") boolean allowLoopback,
                              @DefaultValue("false") boolean allowPrivate,
                              @DefaultValue List<String> allowedHosts,
                              @DefaultValue("false") boolean requireHttps,
                              @DefaultValue List<Integer> allowedPorts,
                              @DefaultValue("65536") int maxUrlLength,
                              @DefaultValue("5s") Duration connectTimeout,
                              @DefaultValue("30s") Duration requestTimeout,
                              String signingSecret,
                              @DefaultValue("12") int attempts,
                              @DefaultValue("1s") Duration initialBackoff,
                              @DefaultValue("4.0") double backoffMultiplier,
                              @DefaultValue("6h") Duration maxBackoff,
                              @DefaultValue("1") int concurrency,
                              @DefaultValue("false") boolean retryListenersOnDemand) {

    public WebhookSettings {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        allowedPorts = allowedPorts == null ? List.of() : List.copyOf(allowedPorts);
        if (attempts < 1) {
            throw new IllegalArgumentException("kgraph.webhooks.attempts must be at least 1");
        }
    }

    /** The defaults, as bound from an empty configuration. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(true, "kgraph-webhooks", false, false, List.of(), false, List.of(), 65_536,
                Duration.ofSeconds(5), Duration.ofSeconds(30), null, 12, Duration.ofSeconds(1), 4.0,
                Duration.ofHours(6), 1, false);
    }

    boolean signs() {
        return signingSecret != null && !signingSecret.isBlank();
    }

    /** The back-off between attempts, as the retry topics apply it. */
    org.springframework.util.backoff.ExponentialBackOff backOff() {
        var backOff = new org.springframework.util.backoff.ExponentialBackOff(initialBackoff.toMillis(),
                backoffMultiplier);
        backOff.setMaxInterval(maxBackoff.toMillis());
        return backOff;
    }

    /** The waits between consecutive attempts, computed by spring-kafka exactly as its retry topics use them. */
    List<Duration> retrySchedule() {
        return new org.springframework.kafka.retrytopic.BackOffValuesGenerator(attempts, backOff()).generateValues()
                .stream().map(Duration::ofMillis).toList();
    }
}
