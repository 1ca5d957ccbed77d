package dev.kgraph.gateway.runs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
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
 * {@code POST /threads/{thread_id}/runs/wait} as a functional route (why: {@link RunsWaitExchanges}). Spring
 * consults functional routes before annotated mappings, so this is the only handler of that path; the thread's
 * other run endpoints stay in {@link ThreadRunsController}.
 */
@Configuration(proxyBeanMethods = false)
class ThreadRunsWaitRoute {
    static final String PATH = "/threads/{thread_id}/runs/wait";

    @Bean
    @RouterOperation(path = PATH, method = RequestMethod.POST, beanClass = ThreadRunsController.class,
            beanMethod = "createAndWait", operation = @Operation(operationId = "createAndWait",
            summary = "Create Run, Wait for Output", tags = "Thread Runs",
            parameters = @Parameter(in = ParameterIn.PATH, name = "thread_id", required = true,
                    schema = @Schema(type = "string")),
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    schema = @Schema(type = "object"))),
            responses = @ApiResponse(responseCode = "200", description = "OK", content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object")))))
    RouterFunction<ServerResponse> threadRunsWait(ThreadRunsController runs) {
        // no route answering other methods with 405, as /runs/wait has: they are the annotated
        // /threads/{thread_id}/runs/{run_id}'s, with run_id "wait" (422, as on the Python server)
        return RouterFunctions.route(RequestPredicates.POST(PATH),
                RunsWaitExchanges.named("POST " + PATH, runs::createAndWait));
    }
}
