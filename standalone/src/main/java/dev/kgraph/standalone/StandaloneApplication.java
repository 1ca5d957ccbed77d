package dev.kgraph.standalone;

import dev.kgraph.standalone.broker.KraftBroker;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the standalone jar: {@code java -jar standalone.jar [--server.port=8123]
 * [--kgraph.standalone.data-dir=./.kgraph-data] [--kgraph.standalone.kafka-port=0] [--any.spring.property=value]}.
 *
 * <p>{@code java -jar standalone.jar broker --data-dir=... [--node-id=..]} runs only a Kafka node instead (see
 * {@link KraftBroker#main}), e.g. one of the nodes of a three-node cluster. SIGTERM or Ctrl-C stops Spring, then
 * the broker.
 */
public final class StandaloneApplication {

    private static final Logger log = LoggerFactory.getLogger(StandaloneApplication.class);

    private StandaloneApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("broker")) {
            KraftBroker.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        StandaloneSettings settings = StandaloneSettings.resolve(args);
        Standalone standalone;
        try {
            standalone = Standalone.start(settings, Map.of(), args);
        } catch (RuntimeException e) {
            log.error("Standalone start failed", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "standalone-shutdown"));
        log.info("kgraph standalone serving {} (Kafka at {}, data in {})", standalone.baseUrl(),
                standalone.bootstrapServers(), settings.dataDir().toAbsolutePath().normalize());
    }
}
