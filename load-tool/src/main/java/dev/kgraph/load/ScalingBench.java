package dev.kgraph.load;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throughput of a gateway and its workers under a fixed number of runs of graph {@code slow} in flight: completed
 * runs per second over a measured window after a warm-up, the latency of those runs, errors, the spread over
 * partitions and the CPU used by each process. Optionally kills one process (a worker) during the window and reports
 * how the rest recovered ({@link RecoveryReport}). {@code scripts/bench-scaling.sh} starts the processes and runs it
 * for each configuration; see "Scaling" in docs/benchmarks.md.
 *
 * <p>Exit codes: 0 measured, 2 bad arguments, 3 the server did not complete a probe run.
 *
 * <pre>java -cp load-tool/target/load-tool.jar -Dloader.main=dev.kgraph.load.ScalingBench \
 *     org.springframework.boot.loader.launch.PropertiesLauncher http://127.0.0.1:8123 --in-flight 150 --json</pre>
 */
public final class ScalingBench {

    private ScalingBench() {
    }

    public static void main(String[] args) throws Exception {
        ScalingOptions options = CommandLineArgs.parseOrExit(args, ScalingOptions::parse, ScalingOptions.USAGE);
        List<HttpClient> clients = List.of();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            clients = LoopbackHttp.clients(executor, options.inFlight());
            ScalingReport report = new ScalingRun(options, clients).execute();
            System.out.print(options.json()
                    ? JsonMapper.builder().build().writeValueAsString(report) + System.lineSeparator()
                    : report.toText());
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        } finally {
            clients.forEach(HttpClient::close);
        }
    }
}
