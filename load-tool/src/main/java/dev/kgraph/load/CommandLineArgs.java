package dev.kgraph.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line shared by the load tools: {@code --key value} or {@code --key=value} options, flags without a
 * value, one option that may be repeated, and an optional positional base URL. Typed getters say which option was
 * malformed; {@link #rejectUnknown} refuses options nobody read.
 */
final class CommandLineArgs {
    private final String baseUrl;
    private final Map<String, String> values;
    private final List<String> repeated;

    private CommandLineArgs(String baseUrl, Map<String, String> values, List<String> repeated) {
        this.baseUrl = baseUrl;
        this.values = values;
        this.repeated = repeated;
    }

    /**
     * A tool's options from its command line ({@code parse}); a malformed one prints the error and {@code usage} and
     * exits with status 2.
     */
    static <T> T parseOrExit(String[] args, java.util.function.Function<String[], T> parse, String usage) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(usage);
            System.exit(2);
            throw e;
        }
    }

    /**
     * @param flags      options that take no value (present means true)
     * @param repeatable an option that may be given several times (collected in order), or null
     */
    static CommandLineArgs parse(String[] args, Set<String> flags, String repeatable) {
        Map<String, String> values = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        String baseUrl = "http://127.0.0.1:8123";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                baseUrl = arg;
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            }
            if (flags.contains(name)) {
                values.put(name, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals(repeatable)) {
                repeated.add(value);
            } else {
                values.put(name, value);
            }
        }
        return new CommandLineArgs(baseUrl, values, repeated);
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The values of the repeatable option, in the order given. */
    List<String> repeated() {
        return List.copyOf(repeated);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    int integer(String key, int defaultValue) {
        String value = values.get(key);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, was " + value, e);
        }
    }

    double number(String key, double defaultValue) {
        String value = values.get(key);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, was " + value, e);
        }
    }

    /** A number of seconds, fractions allowed. */
    Duration seconds(String key, double defaultValue) {
        return Duration.ofMillis(Math.round(1000 * number(key, defaultValue)));
    }

    void rejectUnknown(List<String> known) {
        var unknown = new java.util.TreeSet<>(values.keySet());
        known.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unknown);
        }
    }
}
