package dev.kgraph.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The HTTP clients every load tool uses, and how they shorten error bodies. HTTP/1.1 (what the servers' SDK clients
 * speak), a 5 s connect timeout, callbacks on the caller's (virtual-thread) executor. The loopback check of the base
 * URL is {@link LoadOptions#requireLoopback}.
 */
final class LoopbackHttp {

    /** Calls in flight per client: each client has one selector thread, which must not become the limit. */
    static final int CALLS_PER_CLIENT = 500;

    private LoopbackHttp() {
    }

    static HttpClient client(Executor executor) {
        return client(executor, Duration.ofSeconds(5));
    }

    /** As {@link #client(Executor)} with another connect timeout (a burst's connections queue in the accept backlog). */
    static HttpClient client(Executor executor, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    /** Enough clients for {@code inFlight} calls at once, {@link #CALLS_PER_CLIENT} each; the caller closes them. */
    static List<HttpClient> clients(Executor executor, int inFlight) {
        return clients(executor, inFlight, Duration.ofSeconds(5));
    }

    static List<HttpClient> clients(Executor executor, int inFlight, Duration connectTimeout) {
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Math.ceilDiv(inFlight, CALLS_PER_CLIENT)); i++) {
            clients.add(client(executor, connectTimeout));
        }
        return clients;
    }

    /** Keeps error kinds few: ids replaced, whitespace collapsed, length capped at {@code max} characters. */
    static String abbreviate(String body, int max) {
        String compact = body.strip().replaceAll("[0-9a-fA-F-]{36}", "<uuid>").replaceAll("\\s+", " ");
        return compact.length() > max ? compact.substring(0, max) + "…" : compact;
    }
}
