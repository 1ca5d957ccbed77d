package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.webhooks.WebhookRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;

/**
 * Makes one delivery attempt with the JDK HTTP client: HTTP/1.1, the configured connect and request timeouts,
 * redirects never followed (a redirect could lead past the URL policy), the response body discarded.
 *
 * <p>Headers: {@code Content-Type: application/json}, {@code X-Webhook-Id} (the delivery id, the same on every
 * attempt), {@code X-Webhook-Timestamp} (Unix seconds of this attempt), {@code X-Webhook-Attempt}, and
 * {@code X-Webhook-Signature} when a signing secret is configured (see {@link WebhookSignature}).
 */
final class WebhookSender implements AutoCloseable {
    private final HttpClient http;
    private final WebhookSettings settings;
    private final WebhookUrlPolicy policy;
    private final Clock clock;

    WebhookSender(WebhookSettings settings, WebhookUrlPolicy policy, Clock clock) {
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    AttemptOutcome attempt(WebhookRequest request, int attempt) {
        URI url;
        try {
            url = URI.create(request.url());
        } catch (IllegalArgumentException malformed) {
            return new AttemptOutcome.Rejected(null, "malformed webhook URL");
        }
        var refused = policy.violationAtDelivery(url);
        if (refused.isPresent()) {
            return new AttemptOutcome.Rejected(null, refused.get());
        }
        Instant now = clock.instant();
        byte[] body = WebhookPayloads.body(request, now.toString());
        var http = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.ID, request.deliveryId())
                .header(WebhookHeaders.TIMESTAMP, String.valueOf(now.getEpochSecond()))
                .header(WebhookHeaders.ATTEMPT, String.valueOf(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.signs()) {
            http.header(WebhookHeaders.SIGNATURE,
                    WebhookSignature.sign(settings.signingSecret(), now.getEpochSecond(), body));
        }
        try {
            var response = this.http.send(http.build(), HttpResponse.BodyHandlers.discarding());
            return AttemptOutcome.ofStatus(response.statusCode(),
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
        } catch (HttpTimeoutException timeout) {
            return new AttemptOutcome.Retryable(null, "timed out: " + timeout.getMessage(), null);
        } catch (IOException network) {
            return new AttemptOutcome.Retryable(null, "network error: " + network, null);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return new AttemptOutcome.Retryable(null, "interrupted (gateway stopping)", null);
        }
    }

    /** Aborts attempts in flight (they count as network errors, so are retried): stopping never waits on a receiver. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
