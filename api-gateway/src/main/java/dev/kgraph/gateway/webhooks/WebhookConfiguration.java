package dev.kgraph.gateway.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every gateway has, dispatching or not: the settings, the URL policy (run creation checks webhooks with it) and
 * the counters. The dispatcher itself is {@link WebhookDispatchConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
public class WebhookConfiguration {

    @Bean
    WebhookUrlPolicy webhookUrlPolicy(WebhookSettings settings) {
        return new WebhookUrlPolicy(settings);
    }

    @Bean
    WebhookMeters webhookMeters(ObjectProvider<MeterRegistry> registry) {
        return new WebhookMeters(registry.getIfAvailable(SimpleMeterRegistry::new));
    }
}
