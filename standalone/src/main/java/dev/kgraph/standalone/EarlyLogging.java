package dev.kgraph.standalone;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until Spring Boot configures logging: {@code kgraph-early-logback.xml} (Spring Boot's
 * console format, Kafka at WARN), found through {@code META-INF/services}. The standalone jar has no
 * {@code logback.xml}, because Spring Boot would re-read one instead of applying its own configuration, and then
 * ignore {@code logging.structured.format.console} (JSON logs). An explicit {@code -Dlogback.configurationFile} wins.
 */
public final class EarlyLogging extends ContextAwareBase implements Configurator {

    static final String RESOURCE = "kgraph-early-logback.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        var config = EarlyLogging.class.getClassLoader().getResource(RESOURCE);
        if (System.getProperty("logback.configurationFile") != null || config == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        var joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(config);
        } catch (JoranException e) {
            addError("could not read " + RESOURCE, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
