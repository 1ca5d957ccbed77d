package dev.kgraph.standalone.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.json.Json;
import dev.kgraph.standalone.Standalone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Mono;

/** {@code /openapi.json} on the standalone server lists every route the gateway serves, and {@code /docs} answers. */
class OpenApiDocumentEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void everyGatewayRouteIsDocumented() throws Exception {
        try (var system = Standalone.start(dataDir, 0, Map.of());
             var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            var served = new TreeSet<String>();
            system.applicationContext().getBeansOfType(RequestMappingHandlerMapping.class).values()
                    .forEach(mapping -> mapping.getHandlerMethods().forEach((info, method) -> {
                        if (isGatewayRoute(method)) {
                            served.addAll(operationsOf(info));
                        }
                    }));
            system.applicationContext().getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
                if (mapping.getRouterFunction() != null) {
                    served.addAll(operationsOf(mapping.getRouterFunction()));
                }
            });

            var response = http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + "/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            var documented = new TreeSet<String>();
            Json.MAPPER.readTree(response.body()).path("paths").properties().forEach(path ->
                    path.getValue().propertyNames().forEach(method ->
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

            assertThat(served).hasSizeGreaterThan(25).contains("POST /threads/{thread_id}/runs/wait", "POST /runs/wait");
            assertThat(documented).containsAll(served);

            var docs = http.send(HttpRequest.newBuilder(URI.create(system.baseUrl() + "/docs")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(docs.statusCode()).isBetween(300, 399);
        }
    }

    private static boolean isGatewayRoute(HandlerMethod method) {
        return method.getBeanType().getPackageName().startsWith("dev.kgraph.gateway");
    }

    /**
     * The functional routes' operations ({@code runs/wait}): each route whose predicate names both a method and a
     * path (a path alone is the route that answers other methods with 405).
     */
    private static Set<String> operationsOf(RouterFunction<?> routes) {
        var operations = new TreeSet<String>();
        routes.accept(new RouterFunctions.Visitor() {
            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
                var methods = new TreeSet<String>();
                var paths = new TreeSet<String>();
                predicate.accept(new RequestPredicates.Visitor() {
                    @Override public void method(Set<HttpMethod> httpMethods) {
                        httpMethods.forEach(method -> methods.add(method.name()));
                    }
                    @Override public void path(String pattern) {
                        paths.add(pattern);
                    }
                    @Override public void pathExtension(String extension) { }
                    @Override public void header(String name, String value) { }
                    @Override public void queryParam(String name, String value) { }
                    @Override public void version(String version) { }
                    @Override public void startAnd() { }
                    @Override public void and() { }
                    @Override public void endAnd() { }
                    @Override public void startOr() { }
                    @Override public void or() { }
                    @Override public void endOr() { }
                    @Override public void startNegate() { }
                    @Override public void endNegate() { }
                    @Override public void unknown(RequestPredicate unknown) { }
                });
                methods.forEach(method -> paths.forEach(path -> operations.add(method + " " + path)));
            }
            @Override public void startNested(RequestPredicate predicate) { }
            @Override public void endNested(RequestPredicate predicate) { }
            @Override public void resources(java.util.function.Function<ServerRequest, Mono<Resource>> lookup) { }
            @Override public void attributes(Map<String, Object> attributes) { }
            @Override public void unknown(RouterFunction<?> routerFunction) { }
        });
        return operations;
    }

    /** "POST /threads/{thread_id}/runs/wait" for each method and pattern, with LangGraph's parameter names. */
    private static Set<String> operationsOf(RequestMappingInfo info) {
        var operations = new TreeSet<String>();
        info.getPatternsCondition().getPatterns().forEach(pattern -> info.getMethodsCondition().getMethods()
                .forEach(method -> operations.add(method.name() + " "
                        + pattern.getPatternString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT))));
        return operations;
    }
}
