package dev.kgraph.gateway.api;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validation of ids taken from request paths and bodies. The API only accepts UUIDs there; like Python's
 * {@code uuid.UUID(...)} this accepts the hyphenated form and the 32-hex-digit form, in any case, and returns the
 * normalised value (compare and store ids as {@link UUID} or its lowercase {@code toString()}).
 */
public final class Ids {

    // UUID.fromString would also take short forms such as "1-2-3-4-5", which Python rejects.
    private static final Pattern HYPHENATED =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern COMPACT = Pattern.compile("\\p{XDigit}{32}");

    private Ids() {
    }

    /**
     * Parses an id or throws 422 {@code "Invalid <what>: must be a UUID"}.
     *
     * @param what how the id is named in the message, e.g. {@code "thread ID"} or {@code "run ID"}
     */
    public static UUID requireUuid(@Nullable String value, String what) {
        return parseUuid(value).orElseThrow(() -> ApiException.unprocessable("Invalid " + what + ": must be a UUID"));
    }

    /** True if {@link #parseUuid} would accept the value. */
    public static boolean isUuid(@Nullable String value) {
        return parseUuid(value).isPresent();
    }

    public static Optional<UUID> parseUuid(@Nullable String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (HYPHENATED.matcher(value).matches()) {
            return Optional.of(UUID.fromString(value));
        }
        if (COMPACT.matcher(value).matches()) {
            String hex = value.toLowerCase(Locale.ROOT);
            return Optional.of(UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
                    + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20)));
        }
        return Optional.empty();
    }
}
