package dev.kgraph.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the load's runs are spread over threads, which decides whether the server may run them in parallel. */
public enum Mode {
    /** Every run on a thread of its own, created by the run itself ({@code if_not_exists: "create"}). */
    NEW_THREAD("new-thread"),
    /** All runs on one thread, queued behind each other ({@code multitask_strategy: "enqueue"}). */
    SAME_THREAD("same-thread"),
    /** One thread per client, created up front: each client's runs are sequential, clients run in parallel. */
    OWN_THREAD("own-thread");

    private final String cliName;

    Mode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Mode fromCliName(String name) {
        return Arrays.stream(values())
                .filter(mode -> mode.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --mode " + name + "; expected one of "
                        + Arrays.stream(values()).map(Mode::cliName).collect(Collectors.joining(", "))));
    }
}
