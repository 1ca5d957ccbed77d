package dev.kgraph.model.topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The layout's topics, for spring-kafka's {@code KafkaAdmin} to create at start-up, and the rule that it never adds
 * partitions to one that exists ({@link TopicLayout#keepingPartitionCounts}). Imported by the gateway's and the
 * worker's configurations; the standalone server, which has both in one context, registers it once.
 */
@Configuration(proxyBeanMethods = false)
public class TopicCreationConfiguration {

    @Bean
    KafkaAdmin.NewTopics kgraphTopics(Environment env) {
        return new KafkaAdmin.NewTopics(TopicLayout.fromProperties(env::getProperty).newTopics()
                .toArray(NewTopic[]::new));
    }

    /** Static: a post-processor is created before the other beans, so it must not need this configuration's. */
    @Bean
    static BeanPostProcessor kgraphKeepsTopicPartitionCounts(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaAdmin admin) {
                    admin.setCreateOrModifyTopic(TopicLayout.fromProperties(env::getProperty)
                            .keepingPartitionCounts(admin.getConfigurationProperties()));
                }
                return bean;
            }
        };
    }
}
