package dev.kgraph.model.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a store item lives. Items are keyed on {@code kgraph.requests} by a hash of their namespace and key, so the
 * items of one busy namespace spread over every partition; in the writer's store they are keyed by an encoding of
 * namespace and key in which a namespace prefix is a key prefix, so a search under a prefix is a range scan.
 * <p>
 * Encoding: each label is URL-encoded (so it holds no {@code /} and no {@code #}) and followed by {@code /}; the item
 * key follows a {@code #}. {@code ("a", "b")} + {@code k} is {@code a/b/#k}, and the prefix {@code ("a")} is
 * {@code a/}, which matches {@code a/#k} and {@code a/b/#k} but not {@code ab/#k}.
 */
public final class StoreAddress {
    /** The prefix of the routing keys of store requests, which never collides with a thread id (a UUID). */
    public static final String ROUTING_PREFIX = "store:";
    /** The routing label of a request sent to every partition (its partition is explicit). */
    public static final String EVERY_PARTITION = "store:*";
    private static final char KEY_MARK = '#';

    private StoreAddress() {
    }

    /** The writer's store key of an item. */
    public static String itemKey(List<String> namespace, String key) {
        return prefix(namespace) + KEY_MARK + key;
    }

    /** The key prefix shared by the items of {@code namespace} and of every namespace under it. */
    public static String prefix(List<String> namespace) {
        var encoded = new StringBuilder();
        for (String label : namespace) {
            encoded.append(URLEncoder.encode(label, StandardCharsets.UTF_8)).append('/');
        }
        return encoded.toString();
    }

    /** The key of an item's requests on {@code kgraph.requests}: a bounded-size hash of namespace and key. */
    public static String routingKey(List<String> namespace, String key) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(itemKey(namespace, key)
                    .getBytes(StandardCharsets.UTF_8));
            return ROUTING_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
