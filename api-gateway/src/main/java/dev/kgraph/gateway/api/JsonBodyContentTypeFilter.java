package dev.kgraph.gateway.api;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies sent without a content type, or as {@code text/plain}, as JSON, the way the Python server
 * (which parses every body as JSON) and the JS server do; otherwise Spring would answer 415 to such clients. Other
 * explicit content types are left alone and end as a 422 JSON error.
 */
@Component
public class JsonBodyContentTypeFilter implements WebFilter, Ordered {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!WITH_BODY.contains(exchange.getRequest().getMethod()) || !treatAsJson(exchange.getRequest().getHeaders())) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> headers.setContentType(MediaType.APPLICATION_JSON)))
                .build());
    }

    private static boolean treatAsJson(HttpHeaders headers) {
        MediaType type = headers.getContentType();
        return type == null || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Spring's filter chain labels a checkpoint with this on every request: a constant, not a new hash string. */
    @Override
    public String toString() {
        return "JsonBodyContentTypeFilter";
    }
}
