package dev.kgraph.gateway.store;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.model.store.StoreNamespaces;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The bodies and query parameters of the {@code /store} endpoints, validated as the Python server does (namespace
 * labels non-empty and without periods) plus what its store would refuse later (an empty namespace or a
 * {@code langgraph} root on a put): every mistake is a 422 naming the field, never a 5xx.
 */
final class StoreBodies {
    /** The largest page; each partition returns up to {@code offset + limit} entries, so both are bounded. */
    static final int MAX_LIMIT = 1000;
    static final int MAX_OFFSET = 10_000;
    /** About 190 years: any longer ttl would overflow the expiry time. */
    static final long MAX_TTL_MINUTES = 100_000_000L;
    static final String NO_SEMANTIC_SEARCH = "query: semantic search is not configured on this server (no store"
            + " index with embeddings); search without a query, with namespace_prefix and filter";

    private StoreBodies() {
    }

    /** {@code PUT /store/items}. {@code index} is validated and ignored: there is no embedding index. */
    record Put(List<String> namespace, String key, Map<String, Object> value, Double ttlMinutes) {
        static Put parse(JsonNode body) {
            var fields = BodyFields.of(body);
            var namespace = required(fields, "namespace", fields.strings("namespace"));
            var key = required(fields, "key", fields.string("key"));
            var value = required(fields, "value", fields.object("value"));
            var index = fields.value("index");
            if (index != null && !(index.isBoolean() && !index.booleanValue())) {
                if (index.isArray()) {
                    fields.strings("index"); // records "must be a list of strings" for other elements
                } else {
                    fields.problem("index", "must be false, null or a list of strings");
                }
            }
            var ttl = ttl(fields);
            fields.requireValid();
            requireItemNamespace(namespace);
            return new Put(namespace, key, value, ttl);
        }
    }

    /** {@code DELETE /store/items}: the body names the item. */
    record Address(List<String> namespace, String key) {
        static Address parse(JsonNode body) {
            var fields = BodyFields.of(body);
            var namespace = required(fields, "namespace", fields.strings("namespace"));
            var key = required(fields, "key", fields.string("key"));
            fields.requireValid();
            requireLabels("namespace", namespace);
            return new Address(namespace, key);
        }

        /** {@code GET /store/items?namespace=a.b&key=k}: the namespace is dot-joined, as the SDKs send it. */
        static Address ofQuery(String namespace, String key) {
            var labels = List.of((namespace == null ? "" : namespace).split("\\.", -1));
            requireLabels("namespace", labels);
            if (key == null || key.isEmpty()) {
                throw ApiException.unprocessable("key: is required");
            }
            return new Address(labels, key);
        }
    }

    /** {@code POST /store/items/search}. */
    record Search(List<String> namespacePrefix, Map<String, Object> filter, int limit, int offset,
                  boolean refreshTtl) {
        static Search parse(JsonNode body) {
            var fields = BodyFields.of(body);
            var prefix = fields.strings("namespace_prefix");
            var filter = fields.object("filter");
            int limit = fields.integer("limit", 10, 1, MAX_LIMIT);
            int offset = fields.integer("offset", 0, 0, MAX_OFFSET);
            var query = fields.string("query");
            var refresh = fields.bool("refresh_ttl");
            fields.requireValid();
            if (query != null && !query.isEmpty()) {
                throw ApiException.unprocessable(NO_SEMANTIC_SEARCH);
            }
            var namespacePrefix = prefix == null ? List.<String>of() : prefix;
            requireLabels("namespace_prefix", namespacePrefix);
            return new Search(namespacePrefix, filter, limit, offset, refresh == null || refresh);
        }

        int perPartitionLimit() {
            return offset + limit;
        }
    }

    /** {@code POST /store/namespaces}. */
    record Listing(List<String> prefix, List<String> suffix, Integer maxDepth, int limit, int offset) {
        static Listing parse(JsonNode body) {
            var fields = BodyFields.of(body);
            var prefix = fields.strings("prefix");
            var suffix = fields.strings("suffix");
            Integer maxDepth = fields.value("max_depth") == null ? null
                    : fields.integer("max_depth", 1, 1, Integer.MAX_VALUE);
            int limit = fields.integer("limit", 100, 1, MAX_LIMIT);
            int offset = fields.integer("offset", 0, 0, MAX_OFFSET);
            fields.requireValid();
            if (prefix != null) {
                requireLabels("prefix", prefix);
            }
            if (suffix != null) {
                requireLabels("suffix", suffix);
            }
            return new Listing(prefix, suffix, maxDepth, limit, offset);
        }

        int perPartitionLimit() {
            return offset + limit;
        }
    }

    private static <T> T required(BodyFields fields, String name, T value) {
        if (value == null && fields.value(name) == null) {
            fields.problem(name, "is required");
        }
        return value;
    }

    private static Double ttl(BodyFields fields) {
        JsonNode ttl = fields.value("ttl");
        if (ttl == null) {
            return null;
        }
        if (!ttl.isNumber() || !(ttl.doubleValue() >= 0 && ttl.doubleValue() <= MAX_TTL_MINUTES)) {
            fields.problem("ttl", "must be a number of minutes between 0 and " + MAX_TTL_MINUTES + ", or null");
            return null;
        }
        return ttl.doubleValue();
    }

    private static void requireLabels(String field, List<String> labels) {
        StoreNamespaces.labelProblem(labels).ifPresent(problem -> {
            throw ApiException.unprocessable(field + ": " + problem);
        });
    }

    private static void requireItemNamespace(List<String> namespace) {
        StoreNamespaces.itemNamespaceProblem(namespace).ifPresent(problem -> {
            throw ApiException.unprocessable("namespace: " + problem);
        });
    }
}
