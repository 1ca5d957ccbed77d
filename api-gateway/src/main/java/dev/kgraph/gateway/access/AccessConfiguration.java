package dev.kgraph.gateway.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Wires access control: Spring's {@link CorsWebFilter} first (it answers preflights itself, before any key check, and
 * adds the CORS headers to every other response, 401s included), then the {@link ApiKeyFilter}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthSettings.class, CorsSettings.class})
public class AccessConfiguration {

    @Bean
    ApiKeyFilter apiKeyFilter(AuthSettings settings) {
        return new ApiKeyFilter(settings);
    }

    @Bean
    OrderedCorsWebFilter corsWebFilter(CorsSettings settings) {
        var source = new UrlBasedCorsConfigurationSource();
        if (settings.enabled()) {
            source.registerCorsConfiguration("/**", corsConfiguration(settings));
        }
        return new OrderedCorsWebFilter(source);
    }

    static CorsConfiguration corsConfiguration(CorsSettings settings) {
        var cors = new CorsConfiguration();
        if (settings.allowOrigins().equals(java.util.List.of(CorsConfiguration.ALL)) && !settings.allowCredentials()) {
            cors.setAllowedOrigins(settings.allowOrigins()); // answered with "*", as LangGraph Platform does
        } else {
            cors.setAllowedOriginPatterns(settings.allowOrigins()); // the requesting origin is echoed
        }
        cors.setAllowedMethods(settings.allowMethods());
        cors.setAllowedHeaders(settings.allowHeaders());
        cors.setAllowCredentials(settings.allowCredentials());
        cors.setExposedHeaders(settings.exposeHeaders());
        cors.setMaxAge(settings.maxAge());
        return cors;
    }

    /** Spring's CORS filter, ordered before every other filter of the gateway. */
    static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {
        OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        /** Spring's filter chain labels a checkpoint with this on every request: a constant, not a new hash string. */
        @Override
        public String toString() {
            return "CorsWebFilter";
        }
    }
}
