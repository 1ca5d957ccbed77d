package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.standalone.broker.KraftBroker;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

class KafkaNodeGateTests {

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @AfterEach
    void resetTheLogger() {
        logging.setLogLevel(KafkaNodeGate.CONNECTION_LOGGER, null);
    }

    @Test
    void connectionWarningsAreHeldBackWhileTheNodeStartsAndTheLoggersOwnLevelIsBackOnceItServes() {
        logging.setLogLevel(KafkaNodeGate.CONNECTION_LOGGER, LogLevel.INFO); // a user's logging.level setting
        var started = new CompletableFuture<KraftBroker>();

        var gate = new KafkaNodeGate(new KraftBroker.Launch("127.0.0.1:9092", started), logging);
        assertThat(configuredLevel()).isEqualTo(LogLevel.ERROR);

        started.complete(null); // the node serves
        gate.afterSingletonsInstantiated();
        assertThat(configuredLevel()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void aNodeThatFailedToStartFailsTheGateAndStillGivesTheLoggerBack() {
        var started = new CompletableFuture<KraftBroker>();
        var gate = new KafkaNodeGate(new KraftBroker.Launch("127.0.0.1:9092", started), logging);

        started.completeExceptionally(new IllegalStateException("port taken"));
        assertThatThrownBy(gate::afterSingletonsInstantiated).hasMessage("port taken");
        assertThat(configuredLevel()).isNull();
    }

    private LogLevel configuredLevel() {
        var configuration = logging.getLoggerConfiguration(KafkaNodeGate.CONNECTION_LOGGER);
        return configuration == null ? null : configuration.getConfiguredLevel();
    }
}
