package dev.kgraph.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * When API keys are configured, answers 401 {@code {"detail": ...}} to every request without one of them in
 * {@code x-api-key} (the header LangGraph Platform's SDKs send) or {@code Authorization: Bearer <key>}. Liveness and
 * readiness ({@code /ok}, {@code /actuator/health/**}) and CORS preflights stay open; {@code /docs} and
 * {@code /openapi.json} too when {@code kgraph.auth.open-docs} is set.
 *
 * <p>Only SHA-256 digests of the keys are kept, and a presented key is compared with every one of them by
 * {@link MessageDigest#isEqual} (time independent of where the bytes differ, and of which key matched); keys are
 * never logged. Runs after the CORS filter, so a 401 still carries the CORS headers a browser page needs to read it.
 */
public final class ApiKeyFilter implements WebFilter, Ordered {

    /** Right after {@link AccessConfiguration}'s CORS filter. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    static final String MISSING = "Missing API key: send it in the x-api-key header or as Authorization: Bearer <key>";
    static final String INVALID = "Invalid API key";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final PathPatternParser PARSER = new PathPatternParser();
    private static final List<PathPattern> HEALTH = patterns("/ok", "/actuator/health", "/actuator/health/**");
    private static final List<PathPattern> DOCS = patterns("/docs", "/docs/**", "/openapi.json", "/openapi.json/**",
            "/swagger-ui/**", "/webjars/swagger-ui/**");

    private final List<byte[]> keyDigests;
    private final boolean openDocs;

    public ApiKeyFilter(AuthSettings settings) {
        this.keyDigests = settings.apiKeys().stream().map(ApiKeyFilter::sha256).toList();
        this.openDocs = settings.openDocs();
        if (!keyDigests.isEmpty()) {
            log.info("API keys required ({} configured) on every endpoint except /ok and /actuator/health{}",
                    keyDigests.size(), openDocs ? ", /docs and /openapi.json" : "");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (keyDigests.isEmpty() || CorsUtils.isPreFlightRequest(request)
                || isOpen(request.getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        String presented = presentedKey(request.getHeaders());
        if (presented == null) {
            return reject(exchange.getResponse(), MISSING);
        }
        return accepts(presented) ? chain.filter(exchange) : reject(exchange.getResponse(), INVALID);
    }

    /** Compares against every key, whether or not an earlier one matched. */
    boolean accepts(String presented) {
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(digest, key);
        }
        return match;
    }

    private boolean isOpen(PathContainer path) {
        return HEALTH.stream().anyMatch(p -> p.matches(path))
                || (openDocs && DOCS.stream().anyMatch(p -> p.matches(path)));
    }

    private static @Nullable String presentedKey(HttpHeaders headers) {
        String apiKey = headers.getFirst("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.strip();
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static Mono<Void> reject(ServerHttpResponse response, String detail) {
        log.debug("request refused with 401: {}", detail);
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] json = JsonNodeFactory.instance.objectNode().put("detail", detail).toString()
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(json.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static List<PathPattern> patterns(String... patterns) {
        return java.util.Arrays.stream(patterns).map(PARSER::parse).toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Spring's filter chain labels a checkpoint with this on every request: a constant, not a new hash string. */
    @Override
    public String toString() {
        return "ApiKeyFilter";
    }
}
