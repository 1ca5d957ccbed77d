package dev.kgraph.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The deployable jars the reactor built next to this module: the standalone jar (the broker launcher), and the
 * gateway's and worker's executable jars.
 */
record Jars(Path standalone, Path gateway, Path worker) {

    static Jars in(Path repositoryRoot) {
        return new Jars(
                find(repositoryRoot.resolve("standalone/target"),
                        name -> name.startsWith("standalone-") && name.endsWith(".jar")),
                find(repositoryRoot.resolve("api-gateway/target"),
                        name -> name.startsWith("api-gateway-") && name.endsWith("-exec.jar")),
                find(repositoryRoot.resolve("run-worker/target"),
                        name -> name.startsWith("run-worker-") && name.endsWith("-exec.jar")));
    }

    private static Path find(Path dir, Predicate<String> wanted) {
        try (var files = Files.list(dir)) {
            return files.filter(file -> wanted.test(file.getFileName().toString())).findFirst()
                    .orElseThrow(() -> missing(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(missing(dir).getMessage(), e);
        }
    }

    private static IllegalStateException missing(Path dir) {
        return new IllegalStateException("no jar in " + dir + "; build it first: ./mvnw -B -DskipTests package"
                + " -pl standalone,api-gateway,run-worker -am");
    }
}
