package dev.kgraph.gateway.openapi;

import dev.kgraph.gateway.access.AuthSettings;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's header and two corrections to what springdoc derives from the controllers: path parameters
 * are named as LangGraph Platform names them ({@code /threads/{thread_id}/runs/wait}, not the Java parameter names),
 * and free-form JSON bodies ({@link JsonNode}) are plain objects. When API keys are configured the document declares
 * them (header {@code x-api-key} or {@code Authorization: Bearer}), so the {@code /docs} page can send one.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "apiKey";
    static final String BEARER_SCHEME = "bearer";
    private static final Pattern CAMEL_PARAMETER = Pattern.compile("\\{([a-z]+)([A-Z][A-Za-z]*)}");

    static {
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    @Bean
    OpenAPI kgraphOpenApi(AuthSettings auth) {
        var version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        var api = new OpenAPI().info(new Info()
                .title("kgraph: LangGraph Platform API")
                .version(version == null ? "0.1.0" : version)
                .description("The LangGraph Platform API served by kgraph's gateway: assistants, threads, runs "
                        + "(each thread's runs are sequenced through Kafka), stateless runs and webhooks. "
                        + "Errors are JSON {\"detail\": \"...\"}."));
        if (auth.enabled()) {
            api.components(new Components()
                            .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.HEADER).name("x-api-key"))
                            .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")))
                    .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                    .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
        }
        return api;
    }

    /** {@code {threadId}} becomes {@code {thread_id}} in every path and in its parameters' names. */
    @Bean
    OpenApiCustomizer langGraphPathParameterNames() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            var renamed = new Paths();
            var entries = new LinkedHashMap<>(openApi.getPaths());
            entries.forEach((path, item) -> {
                renamed.addPathItem(snakeCaseParameters(path), item);
                item.readOperations().forEach(operation -> {
                    if (operation.getParameters() != null) {
                        operation.getParameters().stream().filter(p -> "path".equals(p.getIn()))
                                .forEach(p -> p.setName(snakeCase(p.getName())));
                    }
                });
                if (item.getParameters() != null) {
                    item.getParameters().forEach(p -> p.setName(snakeCase(p.getName())));
                }
            });
            openApi.setPaths(renamed);
        };
    }

    static String snakeCaseParameters(String path) {
        Matcher matcher = CAMEL_PARAMETER.matcher(path);
        var result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement("{" + snakeCase(matcher.group(1)
                    + matcher.group(2)) + "}"));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
