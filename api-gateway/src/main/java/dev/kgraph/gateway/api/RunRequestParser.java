package dev.kgraph.gateway.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a run-create body against the API schema and types it. All problems are collected and reported together
 * in one {@link InvalidRequestException} (422), e.g. {@code "after_seconds: must be a non-negative number;
 * multitask_strategy: must be one of reject, enqueue, interrupt, rollback"}.
 *
 * <p>Limits: only the shape is checked. Whether the assistant, thread or checkpoint exist, and the semantic rules of
 * {@link RunCreationChecks}, are decided later; webhook hosts are not filtered (loopback policy belongs to the caller).
 */
public final class RunRequestParser {

    static final int MAX_WEBHOOK_LENGTH = 65_536;

    private RunRequestParser() {
    }

    /** Parses one run body; {@code null} (no body) is invalid like any other non-object. */
    public static RunCreateRequest parse(@Nullable JsonNode body) {
        List<String> problems = new ArrayList<>();
        RunCreateRequest request = parse(body, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return request;
    }

    /** Parses the body of {@code POST /runs/batch}: a non-empty array of run bodies; paths read {@code [2].input}. */
    public static List<RunCreateRequest> parseBatch(@Nullable JsonNode body) {
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new InvalidRequestException("body: must be a non-empty list of run objects");
        }
        List<String> problems = new ArrayList<>();
        List<RunCreateRequest> requests = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            requests.add(parse(body.get(i), "[" + i + "].", problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return List.copyOf(requests);
    }

    /** Parses into {@code problems}, ordered like the body's fields so the message reads like the request. */
    private static @Nullable RunCreateRequest parse(@Nullable JsonNode body, String prefix, List<String> problems) {
        List<String> found = new ArrayList<>();
        RunCreateRequest request = parseUnordered(body, prefix, found);
        if (body != null) {
            List<String> keys = List.copyOf(body.propertyNames());
            found.sort(Comparator.comparingInt(problem -> fieldPosition(keys, problem.substring(prefix.length()))));
        }
        problems.addAll(found);
        return request;
    }

    private static int fieldPosition(List<String> keys, String problem) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (problem.startsWith(key) && problem.length() > key.length()
                    && ":.".indexOf(problem.charAt(key.length())) >= 0) {
                return i;
            }
        }
        return keys.size(); // missing required fields go last
    }

    private static @Nullable RunCreateRequest parseUnordered(@Nullable JsonNode body, String prefix,
                                                             List<String> problems) {
        if (!(body instanceof ObjectNode object)) {
            problems.add((prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1))
                    + ": must be a JSON object");
            return null;
        }
        FieldReader fields = new FieldReader(object, prefix, problems);
        String assistantId = assistantId(fields);
        RunCreateRequest request = new RunCreateRequest(
                assistantId == null ? "" : assistantId,
                fields.raw("input"),
                command(fields),
                checkpoint(fields),
                fields.string("checkpoint_id"),
                fields.object("metadata"),
                config(fields),
                fields.object("context"),
                webhook(fields),
                breakpoints(fields, "interrupt_before"),
                breakpoints(fields, "interrupt_after"),
                streamModes(fields),
                fields.bool("stream_subgraphs"),
                fields.bool("stream_resumable"),
                fields.stringList("feedback_keys"),
                fields.oneOf("multitask_strategy", MultitaskStrategy.class),
                fields.oneOf("if_not_exists", IfNotExists.class),
                fields.oneOf("on_disconnect", OnDisconnect.class),
                fields.oneOf("on_completion", OnCompletion.class),
                afterSeconds(fields),
                fields.bool("checkpoint_during"),
                fields.oneOf("durability", DurabilityOption.class));
        // "stream" and "langsmith_tracer" are sent by SDKs and deliberately ignored, as are unknown fields.
        return request;
    }

    private static @Nullable String assistantId(FieldReader fields) {
        JsonNode node = fields.value("assistant_id");
        if (node == null) {
            fields.problem("assistant_id", "is required");
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            fields.problem("assistant_id", "must be a non-empty string (an assistant UUID or a graph name)");
            return null;
        }
        return node.stringValue();
    }

    private static @Nullable CheckpointSelector checkpoint(FieldReader fields) {
        ObjectNode object = fields.object("checkpoint");
        if (object == null) {
            return null;
        }
        FieldReader checkpoint = fields.nested("checkpoint", object);
        return new CheckpointSelector(checkpoint.string("checkpoint_id"), checkpoint.string("checkpoint_ns"),
                checkpoint.object("checkpoint_map"));
    }

    private static @Nullable RequestConfig config(FieldReader fields) {
        ObjectNode object = fields.object("config");
        if (object == null) {
            return null;
        }
        FieldReader config = fields.nested("config", object);
        ObjectNode others = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!List.of("tags", "recursion_limit", "configurable").contains(entry.getKey())) {
                others.set(entry.getKey(), entry.getValue());
            }
        }
        return new RequestConfig(config.stringList("tags"), recursionLimit(config), config.object("configurable"), others);
    }

    private static @Nullable Integer recursionLimit(FieldReader config) {
        JsonNode node = config.value("recursion_limit");
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            config.problem("recursion_limit", "must be an integer greater than 0");
            return null;
        }
        return node.intValue();
    }

    private static @Nullable URI webhook(FieldReader fields) {
        String text = fields.string("webhook");
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > MAX_WEBHOOK_LENGTH) {
            fields.problem("webhook", "must be between 1 and " + MAX_WEBHOOK_LENGTH + " characters");
            return null;
        }
        Optional<URI> uri = absoluteHttpUri(text);
        if (uri.isEmpty()) {
            fields.problem("webhook", "must be an absolute http or https URL");
            return null;
        }
        return uri.get();
    }

    private static Optional<URI> absoluteHttpUri(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static @Nullable Breakpoints breakpoints(FieldReader fields, String name) {
        JsonNode node = fields.value(name);
        if (node == null) {
            return null;
        }
        if (node.isString() && node.stringValue().equals("*")) {
            return Breakpoints.all();
        }
        Optional<List<String>> nodes = FieldReader.strings(node);
        if (nodes.isEmpty()) {
            fields.problem(name, "must be \"*\" or a list of node names");
            return null;
        }
        return Breakpoints.of(nodes.get());
    }

    private static @Nullable List<StreamMode> streamModes(FieldReader fields) {
        JsonNode node = fields.value("stream_mode");
        if (node == null) {
            return null;
        }
        List<JsonNode> values = node.isArray() ? List.copyOf(node.values()) : List.of(node);
        LinkedHashSet<StreamMode> modes = new LinkedHashSet<>();
        for (JsonNode value : values) {
            Optional<StreamMode> mode = value.isString()
                    ? WireValue.fromWire(StreamMode.class, value.stringValue()) : Optional.empty();
            if (mode.isEmpty()) {
                fields.problem("stream_mode", "must be one of " + WireValue.choices(StreamMode.class)
                        + ", or a list of them");
                return null;
            }
            modes.add(mode.get());
        }
        return List.copyOf(modes);
    }

    private static @Nullable Double afterSeconds(FieldReader fields) {
        JsonNode node = fields.value("after_seconds");
        if (node == null) {
            return null;
        }
        if (!node.isNumber() || !(node.doubleValue() >= 0) || Double.isInfinite(node.doubleValue())) {
            fields.problem("after_seconds", "must be a non-negative number");
            return null;
        }
        return node.doubleValue();
    }

    private static @Nullable RunCommand command(FieldReader fields) {
        ObjectNode object = fields.object("command");
        if (object == null) {
            return null;
        }
        FieldReader command = fields.nested("command", object);
        return CommandParser.parse(command);
    }
}
