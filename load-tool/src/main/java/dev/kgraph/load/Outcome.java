package dev.kgraph.load;

/** What one {@code runs/wait} call came to, as far as the load measurement is concerned. */
sealed interface Outcome {

    /** 200 with a body that echoes the run's input (or, for another graph than {@code echo}, any 200). */
    record Echoed() implements Outcome {
    }

    /** Anything else; {@code kind} groups failures for the report, e.g. {@code HTTP 422} or {@code timeout}. */
    record Failed(String kind) implements Outcome {
    }
}
