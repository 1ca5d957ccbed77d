package dev.kgraph.load;

import tools.jackson.databind.json.JsonMapper;

/**
 * Command line: measures {@code POST /threads/{id}/runs/wait} on a loopback server and prints runs/s and latency
 * percentiles (or one JSON line with {@code --json}). Exit codes: 0 measured, 2 bad arguments, 3 the server did not
 * complete a probe run. {@code --mode stream} measures {@code runs/stream} instead ({@link StreamBench}),
 * {@code --mode burst} a burst of {@code runs/wait} calls released at once ({@link BurstBench}).
 *
 * <pre>java -jar load-tool/target/load-tool.jar http://127.0.0.1:8123 --mode new-thread --clients 64 --duration 20</pre>
 */
public final class LoadTool {

    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        if (StreamOptions.requested(args)) {
            StreamBench.main(args); // --mode stream: runs/stream, see StreamBench
            return;
        }
        if (BurstOptions.requested(args)) {
            BurstBench.main(args); // --mode burst: many runs/wait released at once, see BurstBench
            return;
        }
        LoadOptions options = CommandLineArgs.parseOrExit(args, LoadOptions::parse, LoadOptions.USAGE);
        try (var calls = new WaitCalls(options)) {
            LoadReport report = new LoadRun(options, calls, () -> System.err.println(LoadRun.MEASURING)).execute();
            System.out.print(options.json()
                    ? JsonMapper.builder().build().writeValueAsString(report) + System.lineSeparator()
                    : report.toText());
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        }
    }
}
