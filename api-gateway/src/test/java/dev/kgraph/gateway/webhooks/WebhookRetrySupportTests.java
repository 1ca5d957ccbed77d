package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DefaultDestinationTopicResolver;

/**
 * The recoverers of the webhook retry topics, as spring-kafka makes them at start-up (one per retry topic). That they
 * forward a {@code Retry-After} is checked end to end ({@code WebhookDeliveryEndToEndTests}).
 */
class WebhookRetrySupportTests {

    @Test
    void makingTheRetryTopicsRecoverersLogsNoWarning() {
        var factory = new DeadLetterPublishingRecovererFactory(new DefaultDestinationTopicResolver());
        new WebhookRetrySupport().configureDeadLetterPublishingContainerFactory().accept(factory);
        var events = new ListAppender<ILoggingEvent>();
        events.start();
        var springKafka = (Logger) LoggerFactory.getLogger("org.springframework.kafka");
        springKafka.addAppender(events);
        try {
            for (int topic = 0; topic < 3; topic++) {
                assertThat(factory.create("kgraph-webhooks-retry-" + topic))
                        .isInstanceOf(WebhookRetrySupport.NotBeforeForwarding.class);
            }
        } finally {
            springKafka.detachAppender(events);
        }
        assertThat(events.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
