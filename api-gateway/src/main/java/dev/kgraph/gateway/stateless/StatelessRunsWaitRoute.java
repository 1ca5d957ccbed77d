package dev.kgraph.gateway.stateless;

import dev.kgraph.gateway.runs.RunsWaitExchanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /runs/wait} as a functional route (why: {@link RunsWaitExchanges}). Spring consults functional routes
 * before annotated mappings, so this is the only handler of that path; the other stateless endpoints stay in
 * {@link StatelessRunsController}.
 */
@Configuration(proxyBeanMethods = false)
class StatelessRunsWaitRoute {
    static final String PATH = "/runs/wait";

    @Bean
    @RouterOperation(path = PATH, method = RequestMethod.POST, beanClass = StatelessRunsController.class,
            beanMethod = "createAndWait", operation = @Operation(operationId = "createStatelessRunAndWait",
            summary = "Create Run, Wait for Output", tags = "Stateless Runs",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    schema = @Schema(type = "object"))),
            responses = @ApiResponse(responseCode = "200", description = "OK", content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object")))))
    RouterFunction<ServerResponse> statelessRunsWait(StatelessRunsController runs) {
        return RouterFunctions.route(RequestPredicates.POST(PATH),
                RunsWaitExchanges.named("POST " + PATH, runs::createAndWait))
                .andRoute(RequestPredicates.path(PATH), RunsWaitExchanges::methodNotAllowed);
    }
}
