package dev.kgraph.gateway.access;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key settings ({@code kgraph.auth.*}).
 *
 * @param apiKeys  the accepted keys; empty (the default) leaves the API open. Blank entries are ignored. As an
 *                 environment variable: {@code KGRAPH_AUTH_API_KEYS=key1,key2}
 * @param openDocs when keys are set, still serve {@code /docs} and {@code /openapi.json} without one (default false:
 *                 the description of the API is protected like the API)
 */
@ConfigurationProperties("kgraph.auth")
public record AuthSettings(@DefaultValue List<String> apiKeys, @DefaultValue("false") boolean openDocs) {

    public AuthSettings {
        apiKeys = apiKeys == null ? List.of()
                : apiKeys.stream().filter(Objects::nonNull).map(String::strip).filter(k -> !k.isEmpty()).toList();
    }

    /** True when requests must carry one of the keys. */
    public boolean enabled() {
        return !apiKeys.isEmpty();
    }

    /** Never shows the keys (this record may end up in a log line or an actuator page). */
    @Override
    public String toString() {
        return "AuthSettings[apiKeys=" + apiKeys.size() + " configured, openDocs=" + openDocs + "]";
    }
}
