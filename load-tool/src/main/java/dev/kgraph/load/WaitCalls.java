package dev.kgraph.load;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The {@code runs/wait} load's HTTP calls: Apache HttpClient's classic (blocking) client on a pool of kept-alive
 * connections, one per client, each call made on the client's own virtual thread. The load generator shares the
 * machine's cores with the server it measures, so its own cost per call is taken from the server: measured at 64
 * clients on {@code echo}, this client costs 0.34 ms of CPU per run where the JDK's {@code HttpClient} (a selector
 * thread and hand-offs to the caller's executor for every exchange) cost 0.59, and at one client 0.9 against
 * 1.6-2.2 ms, which was also in every latency it measured (docs/benchmarks.md, section 7). HTTP/1.1, as the
 * servers' SDK clients speak it; nothing is retried.
 */
final class WaitCalls implements RunCalls, AutoCloseable {

    private final CloseableHttpClient http;
    private final URI baseUrl;
    private final String graph;
    private final RequestConfig perCall;

    WaitCalls(LoadOptions options) {
        this(options.baseUrl(), options.graph(), options.requestTimeout(), options.clients());
    }

    WaitCalls(URI baseUrl, String graph, Duration timeout, int clients) {
        this.baseUrl = baseUrl;
        this.graph = graph;
        this.perCall = RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build();
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(clients + 1) // + the probe's and set-up calls'
                .setMaxConnPerRoute(clients + 1)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.of(timeout)).build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
    }

    @Override
    public void createThread(String threadId) throws IOException {
        var request = post("/threads", RunBodies.createThread(threadId));
        String failure = http.execute(request, response -> {
            String body = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return response.getCode() == 200 ? null : "HTTP " + response.getCode() + ": " + RunBodies.abbreviate(body);
        });
        if (failure != null) {
            throw new IOException("POST /threads gave " + failure);
        }
    }

    @Override
    public Outcome waitForRun(String threadId, String content, Mode mode) throws InterruptedException {
        var request = post("/threads/" + threadId + "/runs/wait", RunBodies.waitForRun(graph, content, mode));
        try {
            return http.execute(request, response -> {
                String body = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (response.getCode() != 200) {
                    return new Outcome.Failed("HTTP " + response.getCode() + ": " + RunBodies.abbreviate(body));
                }
                return RunBodies.echoes(graph, body, content) ? new Outcome.Echoed()
                        : new Outcome.Failed("unexpected body");
            });
        } catch (SocketTimeoutException e) { // connect (ConnectTimeoutException) or response timeout
            return new Outcome.Failed("timeout");
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted in a call");
        } catch (IOException e) {
            return new Outcome.Failed("I/O: " + e.getClass().getSimpleName());
        }
    }

    private HttpPost post(String path, String json) {
        var request = new HttpPost(baseUrl + path);
        request.setConfig(perCall);
        request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return request;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
