package dev.kgraph.faults;

import java.time.Duration;

/** A gateway is ready when it answers {@code /ok} and knows the {@code echo} graph's system assistant. */
final class GatewayReadiness {
    static final String ECHO_ASSISTANT = "/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private GatewayReadiness() {
    }

    static void await(Gateways gateways, int index, ChildProcess process, Duration atMost) {
        org.awaitility.Awaitility.await(process.name() + " ready").atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            process.requireAlive();
            return isOk(gateways.send(index, "GET", "/ok", null, CHECK_TIMEOUT))
                    && isOk(gateways.send(index, "GET", ECHO_ASSISTANT, null, CHECK_TIMEOUT));
        });
    }

    private static boolean isOk(Exchange exchange) {
        return exchange instanceof Exchange.Answered answered && answered.ok();
    }
}
