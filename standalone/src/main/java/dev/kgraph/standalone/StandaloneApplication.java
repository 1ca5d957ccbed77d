package dev.kgraph.standalone;

/** Placeholder: replaced by the standalone distribution's entry point. */
public final class StandaloneApplication {
    public static void main(String[] args) {
    }
}
